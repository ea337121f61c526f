package dev.fairtune.cli;

import dev.fairtune.data.DataException;
import dev.fairtune.fairness.Observations;
import dev.fairtune.report.FairnessReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Small pieces the sub-commands share. */
final class CommandSupport {
    private CommandSupport() {
    }

    /** The command line as typed, for provenance: "fairtune report -i p.csv ...". */
    static String commandLine(CommandSpec spec) {
        StringBuilder s = new StringBuilder(spec.root().name());
        List<String> args = spec.commandLine().getParseResult() == null ? List.of()
                : spec.root().commandLine().getParseResult().originalArgs();
        for (String a : args) {
            s.append(' ').append(a.isEmpty() || a.chars().anyMatch(c -> c == ' ' || c == '"' || c == '\'')
                    ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return s.toString();
    }

    /** SHA-256 of a file's bytes, in hex. */
    static String sha256(Path file) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + " again to hash it", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Stops when every row is in one group.
     *
     * @throws DataException naming the file and the group columns
     */
    static void requireTwoGroups(Path file, List<String> columns, Observations obs) {
        if (obs.groups().size() < 2) {
            throw new DataException(file, 0, "group column" + (columns.size() == 1 ? " '" : "s '")
                    + String.join("' x '", columns) + "' holds the single value '" + obs.groups().name(0) + "' in all "
                    + obs.size() + " rows, so fairness between groups cannot be measured; give a column with at least two groups");
        }
    }

    /** Prints where the report went and its findings. */
    static void printWritten(PrintWriter out, FairnessReport report, List<Path> files) {
        out.println("Report written:");
        for (Path f : files) {
            out.println("  " + f);
        }
        out.println("Open " + files.get(1) + " in a browser. Findings:");
        for (String s : report.findings()) {
            out.println("  - " + s);
        }
        out.flush();
    }
}
