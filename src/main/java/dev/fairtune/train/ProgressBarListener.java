package dev.fairtune.train;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A console progress bar over the run's optimizer steps (me.tongfei progressbar), showing the
 * epoch, the step's loss, the epoch's running training accuracy and the monitored fairness metric,
 * and after each evaluation the validation accuracy and metric. Added by {@link
 * FairTrainer.Builder#optProgressBar}.
 */
public final class ProgressBarListener implements TrainingListener {

    /** Characters per rendered line (the library's own default, the terminal width, cuts the metrics off). */
    private static final int WIDTH = 160;

    private final PrintStream out;
    private ProgressBar bar;
    private String validation = "";

    /** A bar printed to {@code out}. */
    public ProgressBarListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStart(TrainingState state, TrainingControl control) {
        bar = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax(state.totalSteps())
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(out, WIDTH))
                .build();
        bar.stepTo(state.step());
    }

    @Override
    public void onBatchEnd(BatchRecord batch, TrainingState state, TrainingControl control) {
        bar.stepTo(batch.step());
        bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d loss %.4f acc %s %s %s%s", batch.epoch(), batch.loss(),
                TrainingRun.fmt(batch.runningAccuracy()), state.monitored().label(), TrainingRun.fmt(batch.runningMetric()),
                validation));
    }

    @Override
    public void onEvaluation(EvaluationRecord evaluation, TrainingState state, TrainingControl control) {
        validation = String.format(Locale.ROOT, " | val acc %s %s %s", TrainingRun.fmt(evaluation.accuracy()),
                state.monitored().label(), TrainingRun.fmtValue(evaluation.metric()));
        bar.setExtraMessage(bar.getExtraMessage().replaceFirst(" \\| val .*$", "") + validation);
    }

    @Override
    public void onEnd(TrainingResult result) {
        close();
    }

    @Override
    public void onFailure(Throwable error) {
        close();
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
