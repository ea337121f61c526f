package dev.fairtune.cli;

import dev.fairtune.report.FairnessReport;
import java.io.PrintWriter;
import java.nio.file.Path;
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
