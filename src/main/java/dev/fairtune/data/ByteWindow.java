package dev.fairtune.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A window of a file's bytes for the streaming readers: {@code buf[0, end)} is checked UTF-8, and
 * {@link #fill(int, int, long)} reads more while keeping the bytes of the record being parsed, so
 * memory holds one record and one chunk, not the file. A leading byte-order mark is dropped.
 */
final class ByteWindow {

    private static final int FIRST = 1 << 16;
    private static final int CHUNK = 1 << 20;

    private final Path file;
    private final InputStream in;
    /** The bytes; {@code [0, end)} are checked, {@code [end, read)} are a UTF-8 sequence cut by the last read. */
    byte[] buf;
    int end;
    private int read;
    /** File offset of {@code buf[0]}. */
    private long base;
    private boolean eof;
    private boolean first = true;

    ByteWindow(Path file, InputStream in) {
        this(file, in, 0);
    }

    /**
     * A window over a stream that starts at file offset {@code start} (a part of the file read by
     * one thread); a byte-order mark is looked for only at offset 0.
     */
    ByteWindow(Path file, InputStream in, long start) {
        this.file = file;
        this.in = in;
        this.buf = new byte[FIRST];
        this.base = start;
        this.first = start == 0;
    }

    /** The file offset of {@code buf[i]}. */
    long offset(int i) {
        return base + i;
    }

    /** How far the kept bytes moved down in the last {@link #fill}: subtract it from every index into {@link #buf}. */
    int moved;

    /**
     * Reads more bytes, moving {@code buf[keep, end)} to the front first.
     *
     * @param keep the first byte still needed
     * @param pos the parser's position (at or after {@code keep}), where it is on line {@code line}: the
     *     line of a malformed UTF-8 byte is counted from there
     * @return whether more checked bytes are available; either way indices moved by {@link #moved}
     * @throws DataException at a byte sequence that is not UTF-8, or when the file cannot be read
     */
    boolean fill(int keep, int pos, long line) {
        moved = 0;
        if (eof) {
            return false;
        }
        if (keep > 0) {
            System.arraycopy(buf, keep, buf, 0, read - keep);
            read -= keep;
            end -= keep;
            pos -= keep;
            base += keep;
            moved = keep;
        }
        while (true) {
            if (read == buf.length || (read > buf.length / 2 && buf.length < CHUNK)) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n;
            try {
                n = in.read(buf, read, buf.length - read);
            } catch (IOException e) {
                throw new DataException(file, 0, "cannot read the file (" + e + "); check that it is a readable file", e);
            }
            if (n < 0) {
                eof = true;
            } else {
                read += n;
            }
            if (first) {
                if (read < 3 && !eof) {
                    continue; // too few bytes to tell a byte-order mark
                }
                first = false;
                if (read >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
                    System.arraycopy(buf, 3, buf, 0, read - 3);
                    read -= 3;
                    base += 3;
                }
            }
            int from = end;
            int checked = StrictUtf8.check(buf, from, read, eof);
            if (checked < 0) {
                int bad = -1 - checked;
                long badLine = line + Bytes.lineBreaks(buf, Math.min(pos, bad), bad);
                StringBuilder hex = new StringBuilder();
                int len = StrictUtf8.badLength(buf, bad, read);
                for (int i = 0; i < len; i++) {
                    hex.append(String.format("%s0x%02X", i == 0 ? "" : " ", buf[bad + i] & 0xFF));
                }
                throw new DataException(file, badLine, "byte " + hex + " at byte offset " + (base + bad)
                        + " is not valid UTF-8; re-save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`"
                        + " when it is Latin-1) and read it again");
            }
            end = checked;
            if (end > from) {
                return true;
            }
            if (eof) {
                return false;
            }
        }
    }
}
