package dev.fairtune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help;

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

    @Test
    void aCommandBuiltAloneIsTheCommandOfTheFullCommandLine() {
        CommandLine all = FairTuneCli.commandLine();
        assertEquals(FairTuneCli.SUBCOMMANDS.size(), all.getSubcommands().size());
        for (String command : all.getSubcommands().keySet()) {
            CommandLine alone = FairTuneCli.commandLineFor(command, "--help");
            assertEquals(List.of(command), List.copyOf(alone.getSubcommands().keySet()));
            // the help lists every option with its default, so equal help is equal options and defaults
            assertEquals(all.getSubcommands().get(command).getUsageMessage(Help.Ansi.OFF),
                    alone.getSubcommands().get(command).getUsageMessage(Help.Ansi.OFF), command);
        }
        // a config file's keys may name any command, and an unknown command is listed against all
        assertEquals(FairTuneCli.SUBCOMMANDS.size(),
                FairTuneCli.commandLineFor("audit", "--config", "x.properties").getSubcommands().size());
        assertEquals(FairTuneCli.SUBCOMMANDS.size(), FairTuneCli.commandLineFor("nosuch").getSubcommands().size());
    }
}
