package dev.fairtune.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * A {@link ColumnReader} read of a large CSV, TSV or JSON Lines file in parts, one thread each,
 * that gives exactly what the one-thread read gives, or nothing.
 *
 * <p>The file is cut at the first line break after each of {@code T - 1} evenly spaced offsets.
 * Part 0 reads from the start (a CSV's header and its records); part k reads records from its cut,
 * counting lines from 1. In CSV a cut is only a guess at a record boundary (a quoted value may hold
 * line breaks), so it is checked: part k - 1 keeps parsing past the cut until a record would start
 * at or after it, and the parts join only where that place is the cut itself, which then was a
 * boundary (both parsers stand between records at the same byte, so they read the rest alike). In
 * JSON Lines every line break ends a record (JSON strings cannot hold one), and the parts join only
 * where every part saw the same keys in the same order, each on its first line, so its columns are
 * the one-thread read's. Each part's lines are then shifted by the lines of the parts before it.
 * When any check fails, or any part meets a malformed record or any error, the parts are dropped
 * and the caller reads the file on one thread, which reports problems with their exact lines as
 * always.
 */
final class ParallelRead {

    /** Files smaller than this are read on one thread. */
    static final long MIN_BYTES = 16L << 20;

    private ParallelRead() {}

    /** The read in parts, or null when the file is small, one core is available, or the parts did not join. */
    static ColumnReader.Result attempt(ColumnReader reader, TableFormat format, long minBytes) {
        Path file = reader.file();
        int threads = Math.min(4, Runtime.getRuntime().availableProcessors());
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return null; // the one-thread read reports it
        }
        if (threads < 2 || size < minBytes) {
            return null;
        }
        long[] cuts = cuts(file, size, threads);
        if (cuts == null) {
            return null;
        }
        int parts = cuts.length + 1;
        TableReadOptions options = reader.options();
        boolean jsonLines = format == TableFormat.JSONL;
        char delimiter = jsonLines ? 0 : options.delimiter().orElse(format.defaultDelimiter());
        List<List<ColumnReader.Column>> columns = new ArrayList<>();
        List<ColumnReader.Sink> sinks = new ArrayList<>();
        int[] capacity = new int[parts];
        for (int k = 0; k < parts; k++) {
            long from = k == 0 ? 0 : cuts[k - 1];
            long to = k < cuts.length ? cuts[k] : size;
            capacity[k] = ColumnReader.estimateRows(file, to - from);
            List<ColumnReader.Column> fresh = new ArrayList<>();
            for (ColumnReader.Column c : reader.requests()) {
                fresh.add(c.fresh());
            }
            columns.add(fresh);
            sinks.add(reader.new Sink(file, options, fresh, jsonLines));
        }
        ExecutorService pool = Executors.newFixedThreadPool(parts - 1, r -> {
            Thread t = new Thread(r, "fairtune-read");
            t.setDaemon(true);
            return t;
        });
        try {
            InputStream in0 = StrictUtf8.open(file);
            PartParser first;
            List<String> header;
            try {
                ByteWindow window = new ByteWindow(file, in0);
                if (jsonLines) {
                    first = new JsonLinesParser(file, window, options.maxFieldChars());
                    header = null;
                } else {
                    DelimitedParser csv = new DelimitedParser(file, window, delimiter, options.quoting(),
                            options.maxFieldChars());
                    header = csv.header();
                    for (String name : header) {
                        sinks.get(0).column(name);
                    }
                    first = csv;
                }
            } catch (RuntimeException e) {
                in0.close();
                return null;
            }
            List<Future<Part>> futures = new ArrayList<>();
            for (int k = 1; k < parts; k++) {
                int part = k;
                futures.add(pool.submit(() -> {
                    reserve(columns.get(part), capacity[part]);
                    return readPart(file, cuts[part - 1], part < cuts.length ? cuts[part] : -1, header,
                            sinks.get(part), delimiter, options);
                }));
            }
            Part head;
            try (InputStream closing = in0) {
                reserve(columns.get(0), capacity[0]);
                head = new Part(first.records(sinks.get(0), cuts[0]), first.line(), first.columns());
            } catch (RuntimeException e) {
                head = null;
            }
            List<Part> all = new ArrayList<>();
            all.add(head);
            for (Future<Part> f : futures) {
                try {
                    all.add(f.get());
                } catch (ExecutionException e) {
                    all.add(null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            for (int k = 0; k < parts; k++) {
                Part p = all.get(k);
                if (p == null || sinks.get(k).skippedCount > 0 || (k < cuts.length && p.stoppedAt != cuts[k])
                        || (jsonLines && !sameKeysFromTheFirstLine(head, p, columns.get(k)))) {
                    return null;
                }
            }
            return join(reader, header == null ? head.columns : header, format, columns, sinks, all);
        } catch (IOException e) {
            return null;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Room for the rows of a part, allocated on the thread that fills it. */
    private static void reserve(List<ColumnReader.Column> part, int rows) {
        for (ColumnReader.Column c : part) {
            c.reserve(rows);
        }
    }

    /** What a part's parser does: CSV or TSV records under a header read by part 0, or JSON Lines. */
    interface PartParser {
        /** Parses records until one would start at or after {@code stopAt} (-1: the end); where it stopped, or -1. */
        long records(RowSink sink, long stopAt);

        /** The line the parser is on (1-based, counted from where it started). */
        long line();

        /** The columns it announced to its sink, in order. */
        List<String> columns();
    }

    /**
     * Where a part stopped (the file offset, or -1 at the end), the line it was on, counted from its
     * start, and the columns it announced.
     */
    private record Part(long stoppedAt, long line, List<String> columns) {}

    /** Whether a JSON Lines part saw part 0's keys, in its order, and every requested one on its first line. */
    private static boolean sameKeysFromTheFirstLine(Part head, Part part, List<ColumnReader.Column> requests) {
        if (!part.columns.equals(head.columns)) {
            return false;
        }
        for (ColumnReader.Column c : requests) {
            if (c.present() && c.firstRow != 0) {
                return false;
            }
        }
        return true;
    }

    private static Part readPart(Path file, long from, long stopAt, List<String> header, ColumnReader.Sink sink,
            char delimiter, TableReadOptions options) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(from);
            InputStream in = Channels.newInputStream(channel);
            ByteWindow window = new ByteWindow(file, in, from);
            PartParser parser;
            if (header == null) {
                parser = new JsonLinesParser(file, window, options.maxFieldChars());
            } else {
                for (String name : header) {
                    sink.column(name);
                }
                DelimitedParser csv = new DelimitedParser(file, window, delimiter, options.quoting(),
                        options.maxFieldChars());
                csv.startPart(header);
                parser = csv;
            }
            return new Part(parser.records(sink, stopAt), parser.line(), parser.columns());
        }
    }

    /** The offsets just after the first line break at or after {@code k * size / threads}, k = 1 ..; null if too few. */
    private static long[] cuts(Path file, long size, int threads) {
        List<Long> out = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            long last = 0;
            for (int k = 1; k < threads; k++) {
                long at = Math.max(last, k * size / threads);
                long found = -1;
                while (found < 0 && at < size) {
                    b.clear();
                    int n = channel.read(b, at);
                    if (n <= 0) {
                        break;
                    }
                    for (int i = 0; i < n; i++) {
                        if (b.get(i) == '\n') {
                            found = at + i + 1;
                            break;
                        }
                    }
                    at += n;
                }
                if (found < 0 || found >= size) {
                    break;
                }
                out.add(found);
                last = found;
            }
        } catch (IOException e) {
            return null;
        }
        return out.isEmpty() ? null : out.stream().mapToLong(Long::longValue).toArray();
    }

    private static ColumnReader.Result join(ColumnReader reader, List<String> header, TableFormat format,
            List<List<ColumnReader.Column>> columns, List<ColumnReader.Sink> sinks, List<Part> parts) {
        int n = sinks.size();
        int[] rowStart = new int[n];
        long[] lineShift = new long[n];
        long rows = 0;
        long line = 0; // lines before the part, as the part's line 1 is the file's line (line + 1)
        for (int k = 0; k < n; k++) {
            rowStart[k] = (int) rows;
            lineShift[k] = k == 0 ? 0 : line;
            rows += sinks.get(k).rows;
            if (rows > Integer.MAX_VALUE - 8) {
                return null;
            }
            line = lineShift[k] + parts.get(k).line() - 1;
        }
        int total = (int) rows;
        List<ColumnReader.Column> requests = reader.requests();
        // each request merges its own parts, so the columns merge on the cores side by side
        IntStream.range(0, requests.size()).parallel().forEach(r -> {
            List<ColumnReader.Column> ofRequest = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                ofRequest.add(columns.get(k).get(r));
            }
            requests.get(r).merge(ofRequest, rowStart, lineShift, total);
        });
        long[] lines = null;
        if (reader.keepLines()) {
            lines = new long[total];
            for (int k = 0; k < n; k++) {
                ColumnReader.Sink s = sinks.get(k);
                for (int i = 0; i < s.rows; i++) {
                    lines[rowStart[k] + i] = s.lines[i] + lineShift[k];
                }
            }
        }
        return new ColumnReader.Result(header, format, total, 0, List.of(), lines);
    }
}
