package dev.fairtune.cli;

import dev.fairtune.data.DataException;
import dev.fairtune.model.CheckpointException;
import dev.fairtune.train.NonFiniteLossException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code fairtune} command. Each sub-command is its own class listed in {@link #SUBCOMMANDS}:
 * adding one is adding its class there.
 *
 * <p>Option defaults may come from a properties file ({@code --config FILE}, see {@link ConfigFile});
 * arguments may come from files ({@code fairtune @args.txt}, picocli's argument files, one argument
 * per line or separated by spaces).
 *
 * <p>Exit codes: {@value #OK} success; {@value #BAD_INPUT} bad input (a message naming the file,
 * line or option, and what to do next; no stack trace); {@value #USAGE} bad usage (picocli's message
 * and the usage help); {@value #MODEL_FAILURE} the model could not be loaded or training failed;
 * {@value #OUTPUT_FAILURE} an output file could not be written; {@value #OUT_OF_MEMORY} the Java heap
 * ran out (one message with the heap size and what to do, no stack trace); {@value #INTERNAL_ERROR} an
 * unexpected error (a bug: the stack trace is printed).
 */
@Command(name = "fairtune", mixinStandardHelpOptions = true, versionProvider = FairTuneCli.Version.class,
        description = "Fairness-aware fine-tuning of BERT models, and the field's fairness metrics.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:bad input (file, line or option named in the message)",
            "2:bad usage (unknown command or option, missing option)",
            "3:the model could not be loaded, or training failed",
            "4:an output file could not be written",
            "5:out of memory (give Java more memory, or a smaller input)",
            "70:unexpected error (please report it with the stack trace)"})
public final class FairTuneCli implements Runnable {
    /** Exit code of success. */
    public static final int OK = 0;
    /** Exit code of a run stopped by bad input. */
    public static final int BAD_INPUT = 1;
    /** Exit code of bad usage (picocli's). */
    public static final int USAGE = 2;
    /** Exit code when the model cannot be loaded or training fails. */
    public static final int MODEL_FAILURE = 3;
    /** Exit code when an output file cannot be written. */
    public static final int OUTPUT_FAILURE = 4;
    /** Exit code when the Java heap is exhausted. */
    public static final int OUT_OF_MEMORY = 5;
    /** Exit code of an unexpected error. */
    public static final int INTERNAL_ERROR = 70;

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Properties file of option defaults: 'epochs = 2' or 'train.epochs = 2' (docs/getting-started.md).")
    Path config;

    /** Without a sub-command: say so and show the usage. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a sub-command");
    }

    /** The sub-commands, in the order the usage help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(DemoCommand.class, TrainCommand.class, SweepCommand.class,
            AuditCommand.class, EvaluateCommand.class, ReportCommand.class, ExplainCommand.class);

    /** The command line with every sub-command, with bad input reported as one clear message. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    /**
     * The command line for {@code args}: when they start with a sub-command's name (and name no
     * {@code --config} file, whose keys may belong to any sub-command), only that sub-command is
     * built, which saves picocli reading the options of the others at every start; otherwise all.
     */
    static CommandLine commandLineFor(String... args) {
        if (args.length > 0 && configArgument(args) == null) {
            for (Class<?> c : SUBCOMMANDS) {
                if (c.getAnnotation(Command.class).name().equals(args[0])) {
                    return commandLine(List.of(c));
                }
            }
        }
        return commandLine();
    }

    private static CommandLine commandLine(List<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(new FairTuneCli());
        for (Class<?> c : subcommands) {
            cl.addSubcommand(c);
        }
        cl.setDefaultValueProvider(new TrainerDefaults());
        // picocli shows the help of the last command it recognised even when an argument was not
        // recognised ("fairtune nosuch --help"); name that argument and exit 2 instead
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        cl.setExecutionStrategy(parseResult -> {
            for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
                if (!p.unmatched().isEmpty()) {
                    throw new CommandLine.UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
                }
            }
            return run.execute(parseResult);
        });
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? USAGE : INTERNAL_ERROR);
        cl.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            int code;
            String message;
            if (e instanceof DataException || e instanceof IllegalArgumentException) {
                code = BAD_INPUT;
                message = CliMessages.forCommandLine(e.getMessage());
            } else if (e instanceof CommandFailure f) {
                code = f.exitCode();
                message = f.getMessage();
            } else if (e instanceof CheckpointException) {
                code = MODEL_FAILURE;
                message = "cannot load the model: " + e.getMessage() + "; give a model folder (config.json, "
                        + "model.safetensors, tokenizer.json, as 'fairtune train' writes) or a hub id";
            } else if (e instanceof NonFiniteLossException) {
                code = MODEL_FAILURE;
                message = "training stopped: " + CliMessages.forCommandLine(e.getMessage()) + " Lower --learning-rate "
                        + "or the penalty weight and train again (a resumed run must keep the settings, so --resume "
                        + "does not apply)";
            } else if (e instanceof IOException || e instanceof UncheckedIOException) {
                code = OUTPUT_FAILURE;
                message = "could not write the output: " + e.getMessage();
            } else {
                throw e;
            }
            PrintWriter err = cmd.getErr();
            err.println("fairtune " + cmd.getCommandName() + ": " + message);
            err.flush();
            return code;
        });
        return cl;
    }

    /**
     * Runs a command line: reads {@code --config FILE} first (its values are defaults for the
     * parse), then parses and executes.
     *
     * @return the exit code
     */
    public static int execute(CommandLine cl, String... args) {
        Path file = configArgument(args);
        if (file != null) {
            try {
                cl.setDefaultValueProvider(ConfigFile.load(file, cl));
            } catch (DataException e) {
                cl.getErr().println("fairtune: " + e.getMessage());
                cl.getErr().flush();
                return BAD_INPUT;
            }
        }
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            return outOfMemory(cl, args);
        }
    }

    /**
     * Reports an exhausted heap in one message (what ran out, the heap's size, what to do) instead
     * of a stack trace; the memory held by the failed command is unreachable by now.
     */
    static int outOfMemory(CommandLine cl, String[] args) {
        String command = args.length > 0 && !args[0].startsWith("-") ? " " + args[0] : "";
        long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        cl.getErr().println("fairtune" + command + ": ran out of memory (the Java heap holds at most " + maxMb
                + " MB): the input is larger than this heap can hold. Give Java more memory (for example "
                + "FAIRTUNE_JAVA_OPTS=-Xmx8g ./fairtune ..., or -Xmx8g on the java command line), or use a smaller "
                + "input; --max-field-chars caps the size of one value");
        cl.getErr().flush();
        return OUT_OF_MEMORY;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(execute(commandLineFor(args), args));
    }

    /** The value of the last {@code --config FILE} or {@code --config=FILE}, or null. */
    static Path configArgument(String[] args) {
        Path found = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals("--config") && i + 1 < args.length) {
                found = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                found = Path.of(args[i].substring("--config=".length()));
            }
        }
        return found;
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
