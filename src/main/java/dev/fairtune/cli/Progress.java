package dev.fairtune.cli;

import dev.fairtune.train.StepListener;
import dev.fairtune.train.StepReport;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A training progress bar (me.tongfei progressbar) on standard error, stepped by each optimizer step. */
final class Progress implements StepListener, AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * A bar for {@code steps} steps, or one that shows nothing when {@code show} is false.
     *
     * @param task the name shown before the bar
     */
    static Progress start(String task, long steps, boolean show, PrintStream out) {
        if (!show) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setUnit(" steps", 1)
                .setConsumer(new ConsoleProgressBarConsumer(out)).build());
    }

    @Override
    public void onStep(StepReport report) {
        if (bar != null) {
            bar.stepTo(report.step());
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.3f", report.loss()));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
