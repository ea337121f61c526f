package dev.fairtune.cli;

import dev.fairtune.data.DataException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code fairtune} command. Each sub-command is its own class listed in {@code subcommands}
 * below: adding one is adding its class there.
 *
 * <p>Exit codes: 0 success, 1 bad input (a message naming the file, line or option, and what to do
 * next; no stack trace), 2 bad usage (picocli's message and the usage help).
 */
@Command(name = "fairtune", mixinStandardHelpOptions = true, versionProvider = FairTuneCli.Version.class,
        description = "Fairness-aware fine-tuning of BERT models, and the field's fairness metrics.",
        subcommands = {
            AuditCommand.class,
        })
public final class FairTuneCli implements Runnable {
    /** Exit code of a run stopped by bad input. */
    public static final int BAD_INPUT = 1;

    @Spec
    private CommandSpec spec;

    /** Without a sub-command: say so and show the usage. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a sub-command");
    }

    /** The command line, with bad input reported as one clear message. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FairTuneCli());
        cl.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof DataException || e instanceof IllegalArgumentException) {
                PrintWriter err = cmd.getErr();
                err.println("fairtune " + cmd.getCommandName() + ": " + e.getMessage());
                err.flush();
                return BAD_INPUT;
            }
            throw e;
        });
        return cl;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = FairTuneCli.class.getPackage().getImplementationVersion();
            return new String[] {"fairtune " + (v == null ? "development" : v)};
        }
    }
}
