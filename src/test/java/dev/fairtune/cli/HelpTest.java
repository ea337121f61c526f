package dev.fairtune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every command's help prints cleanly (picocli warns on stderr about badly formatted descriptions). */
class HelpTest {
    @Test
    void everyCommandHasCleanHelp() {
        PrintStream saved = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            CliRun top = CliRun.of("--help");
            assertEquals(0, top.code());
            for (String command : List.of("demo", "train", "sweep", "evaluate", "report", "audit", "explain")) {
                assertTrue(top.out().contains(command), command);
                CliRun r = CliRun.of(command, "--help");
                assertEquals(0, r.code(), command);
                assertTrue(r.out().startsWith("Usage: fairtune " + command), r.out());
                assertFalse(r.out().contains("%n") || r.out().contains("${"), "unformatted text in " + command + ":\n" + r.out());
            }
            assertTrue(top.out().contains("70   unexpected error"), top.out());
        } finally {
            System.setErr(saved);
        }
        String w = warnings.toString(StandardCharsets.UTF_8);
        assertFalse(w.contains("WARN"), w);
    }

    @Test
    void noCommandIsUsageError() {
        CliRun r = CliRun.of();
        assertEquals(FairTuneCli.USAGE, r.code());
        assertTrue(r.err().contains("give a sub-command"), r.err());
    }

    @Test
    void helpAfterAnUnknownCommandNamesItAndIsUsageError() {
        CliRun plain = CliRun.of("nosuch");
        CliRun help = CliRun.of("nosuch", "--help");
        assertEquals(FairTuneCli.USAGE, plain.code(), plain.toString());
        assertEquals(FairTuneCli.USAGE, help.code(), help.toString());
        assertTrue(help.err().contains("'nosuch'"), help.toString());
        assertFalse(help.out().contains("Exit codes"), "no top-level help on stdout: " + help);
        // a known command's help is unaffected, and so is an unknown argument after it
        assertEquals(FairTuneCli.OK, CliRun.of("audit", "--help").code());
        CliRun extra = CliRun.of("audit", "stray", "--help");
        assertEquals(FairTuneCli.USAGE, extra.code(), extra.toString());
        assertTrue(extra.err().contains("'stray'"), extra.toString());
    }
}
