package dev.fairtune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs too large for memory end in one message and an exit code, never a stack trace: a 100 MB
 * value in a group column stops at the field-size cap naming file, line and column; an audit too
 * large for a small heap ends with exit code 5 and the heap's size.
 */
class LargeInputTest {
    @TempDir
    Path dir;

    @Test
    void hundredMegabyteFieldStopsAtTheCapNamingLineAndColumn() throws IOException {
        Path f = dir.resolve("huge.csv");
        try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("label,score,group\n1,0.9,a\n0,0.2,b\n1,0.7,");
            char[] chunk = new char[1 << 20];
            java.util.Arrays.fill(chunk, 'x');
            for (int i = 0; i < 100; i++) {
                w.write(chunk);
            }
            w.write("\n0,0.1,a\n");
        }
        CliRun r = CliRun.of("audit", "-i", f.toString(), "--label", "label", "--score", "score", "--group", "group");
        assertEquals(FairTuneCli.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("huge.csv:4: the value in column 'group' (field 3) is longer than 1000000 "
                + "characters"), r.err());
        assertTrue(r.err().contains("raise the limit with --max-field-chars N"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void auditTooLargeForTheHeapIsExitCode5WithoutAStackTrace() throws Exception {
        Path f = dir.resolve("rows.csv");
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("label,score,group\n");
            for (int i = 0; i < 1_500_000; i++) {
                w.write((i % 2) + "," + (i % 100) / 100.0 + "," + "group-" + (i % 7) + "\n");
            }
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-cp", System.getProperty("java.class.path"), FairTuneCli.class.getName(), "audit", "-i",
                f.toString(), "--label", "label", "--score", "score", "--group", "group"));
        Path log = dir.resolve("oom.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES));
        String out = Files.readString(log);
        assertEquals(FairTuneCli.OUT_OF_MEMORY, p.exitValue(), out);
        assertTrue(out.contains("fairtune audit: ran out of memory (the Java heap holds at most "), out);
        assertTrue(out.contains("FAIRTUNE_JAVA_OPTS=-Xmx8g"), out);
        assertFalse(out.contains("Exception") || out.contains("\tat ") || out.contains("OutOfMemoryError"), out);
    }
}
