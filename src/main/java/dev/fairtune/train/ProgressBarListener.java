package dev.fairtune.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Training progress for people: on a terminal, one status line redrawn in place (percentage, bar,
 * steps, epoch, the step's loss, the epoch's running training accuracy and monitored fairness metric,
 * elapsed time) that stays narrower than the terminal, with the validation figures printed once per
 * evaluation as their own line; elsewhere (a CI log, a file) one plain line per evaluation and per
 * epoch, never a carriage return. Added by {@link FairTrainer.Builder#optProgressBar}; the text is
 * made by {@code ProgressRenderer}.
 */
public final class ProgressBarListener implements TrainingListener {

    /** Minimum time between two redraws of the status line. */
    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final PrintStream out;
    private final boolean terminal;
    private final int columns;
    private final String label;
    private ProgressRenderer renderer;
    private long startNanos;
    private long lastDraw;
    private int drawn;

    /**
     * A display on {@code out}, in terminal mode when {@code out} is {@code System.out} or
     * {@code System.err} and the JVM has a console, with the width from {@code $COLUMNS}, else from
     * {@code stty size}, else {@value ProgressRenderer#DEFAULT_COLUMNS} columns.
     *
     * @param out where to print, e.g. {@code System.err}
     */
    public ProgressBarListener(PrintStream out) {
        this(out, (out == System.err || out == System.out) && System.console() != null, -1);
    }

    /**
     * A display with a given mode.
     *
     * @param out where to print
     * @param terminal whether {@code out} is a terminal (a redrawn status line) or not (plain lines
     *     per evaluation and per epoch)
     * @param columns the terminal's width, or a value below 1 to detect it as the other constructor
     *     does
     */
    public ProgressBarListener(PrintStream out, boolean terminal, int columns) {
        this(out, terminal, columns, "");
    }

    /**
     * A display whose lines start with {@code label}, such as {@code "run 2/6"} for the second run of
     * a sweep, in the mode the one-argument constructor detects.
     */
    public ProgressBarListener(PrintStream out, String label) {
        this(out, (out == System.err || out == System.out) && System.console() != null, -1, label);
    }

    private ProgressBarListener(PrintStream out, boolean terminal, int columns, String label) {
        this.out = out;
        this.terminal = terminal;
        this.columns = columns > 0 ? columns : terminal ? detectColumns() : ProgressRenderer.DEFAULT_COLUMNS;
        this.label = label;
    }

    @Override
    public void onStart(TrainingState state, TrainingControl control) {
        TrainerConfig.Schedule schedule = state.config().schedule();
        renderer = new ProgressRenderer(columns, state.monitored().key(), schedule.maxSteps() > 0 ? 0 : schedule.epochs(),
                label);
        startNanos = System.nanoTime();
        lastDraw = 0;
        drawn = 0;
        if (!terminal) {
            out.println(renderer.startLine(state.totalSteps()));
            out.flush();
        }
    }

    @Override
    public void onBatchEnd(BatchRecord batch, TrainingState state, TrainingControl control) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (drawn > 0 && now - lastDraw < REDRAW_NANOS && batch.step() < state.totalSteps()) {
            return;
        }
        lastDraw = now;
        String line = renderer.statusLine(batch.step(), state.totalSteps(), batch.epoch(), batch.loss(),
                batch.runningAccuracy(), batch.runningMetric(), state.epsilon().orElse(Double.NaN), (now - startNanos) / 1e9);
        out.print("\r" + pad(line, drawn));
        out.flush();
        drawn = line.length();
    }

    @Override
    public void onEvaluation(EvaluationRecord evaluation, TrainingState state, TrainingControl control) {
        String line = renderer.evaluationLine(evaluation.step(), evaluation.epoch(), evaluation.loss(), evaluation.accuracy(),
                evaluation.metric(), terminal);
        if (terminal) {
            // the evaluation line replaces the status line, which is redrawn below it on the next step
            out.print("\r" + pad(line, drawn) + System.lineSeparator());
            drawn = 0;
        } else {
            out.println(line);
        }
        if (evaluation.collapsed()) {
            String warning = "  COLLAPSED: the model " + evaluation.collapse().reason() + "; not selectable";
            out.println(terminal ? renderer.cut(warning) : warning);
        }
        out.flush();
    }

    @Override
    public void onEpochEnd(EpochRecord epoch, TrainingState state, TrainingControl control) {
        if (!terminal) {
            out.println(renderer.epochLine(epoch, state.totalSteps()));
            out.flush();
        }
    }

    @Override
    public void onEnd(TrainingResult result) {
        finish();
    }

    @Override
    public void onFailure(Throwable error) {
        finish();
    }

    private void finish() {
        if (terminal && drawn > 0) {
            out.println();
            out.flush();
        }
        drawn = 0;
    }

    /** {@code line} padded with spaces to cover a previous line of {@code previous} characters. */
    private static String pad(String line, int previous) {
        return line.length() >= previous ? line : line + " ".repeat(previous - line.length());
    }

    /** The terminal's width: {@code $COLUMNS}, else {@code stty size} on /dev/tty, else 80. */
    static int detectColumns() {
        Optional<Integer> env = parseColumns(System.getenv("COLUMNS"));
        if (env.isPresent()) {
            return env.get();
        }
        try {
            Process p = new ProcessBuilder("stty", "size")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String text;
            try (InputStream in = p.getInputStream()) {
                text = new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim();
            }
            if (p.waitFor(1, TimeUnit.SECONDS) && p.exitValue() == 0) {
                String[] parts = text.split("\\s+");
                if (parts.length == 2) {
                    return parseColumns(parts[1]).orElse(ProgressRenderer.DEFAULT_COLUMNS);
                }
            }
            p.destroy();
        } catch (IOException e) {
            // no stty or no terminal: the default below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ProgressRenderer.DEFAULT_COLUMNS;
    }

    static Optional<Integer> parseColumns(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            int c = Integer.parseInt(text.trim());
            return c > 0 ? Optional.of(c) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
