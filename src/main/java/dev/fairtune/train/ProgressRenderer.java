package dev.fairtune.train;

import dev.fairtune.fairness.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text of {@link ProgressBarListener}'s display, without any I/O, so that its width can be
 * tested.
 *
 * <p>On a terminal the display is one status line, redrawn in place, that never reaches the last
 * column (a line that fills the width wraps on many terminals): {@link #statusLine}. Fields are
 * dropped from the least useful (elapsed time, then the bar, then the training accuracy) until the
 * line fits, and only then is it cut. Validation figures are printed once per evaluation, as their own
 * line ({@link #evaluationLine}), not repeated on every step. When the output is not a terminal
 * (a CI log), only {@link #epochLine} is printed: one plain line per epoch, and one per
 * evaluation.
 *
 * <p>Epochs are shown from 1 (the records count them from 0).
 */
final class ProgressRenderer {

    /** Columns assumed when the output is not a terminal or its width is unknown. */
    static final int DEFAULT_COLUMNS = 80;

    private static final int MIN_BAR = 10;
    private static final int MAX_BAR = 30;

    private final int columns;
    private final String metric;
    private final int epochs;
    private final String label;

    /**
     * @param columns the terminal's width; values under 20 are taken as 20
     * @param metric the monitored metric's label
     * @param epochs epochs of the run, or 0 when it is bounded by steps instead
     */
    ProgressRenderer(int columns, String metric, int epochs) {
        this(columns, metric, epochs, "");
    }

    /**
     * @param label put before every line, such as {@code "run 2/6"} in a sweep; empty for none
     */
    ProgressRenderer(int columns, String metric, int epochs, String label) {
        this.columns = Math.max(20, columns);
        this.metric = metric;
        this.epochs = epochs;
        this.label = label.isEmpty() ? "train" : label + " train";
    }

    /** The widest line this renderer writes: one less than the columns. */
    int width() {
        return columns - 1;
    }

    /**
     * The status line after an optimizer step, at most {@link #width()} characters, such as
     * {@code train  51% [======>     ] 33/64 ep 2/3 loss 0.412 acc 0.800 fpr_gap 0.100 1m02s} (with {@code eps 2.31}
     * before the time for a DP-SGD run).
     *
     * @param step optimizer steps completed
     * @param total optimizer steps of the run
     * @param epoch the current epoch, from 0
     * @param loss the step's loss
     * @param accuracy the epoch's running training accuracy (NaN without batch monitoring)
     * @param runningMetric the epoch's running monitored metric (NaN when undefined)
     * @param epsilon the privacy spent so far (DP-SGD's epsilon), shown as {@code eps 2.31}; NaN for
     *     a non-private run (not shown)
     * @param seconds seconds since the run started
     */
    String statusLine(long step, long total, int epoch, double loss, double accuracy, double runningMetric,
            double epsilon, double seconds) {
        String percent = String.format(Locale.ROOT, "%3d%%", total <= 0 ? 0 : Math.min(100, step * 100 / total));
        String counts = step + "/" + total;
        String epochText = epochs > 0 ? "ep " + (epoch + 1) + "/" + epochs : "ep " + (epoch + 1);
        String lossText = "loss " + short3(loss);
        String accText = "acc " + short3(accuracy);
        String metricText = metric + " " + short3(runningMetric);
        String time = duration(seconds);
        String epsText = String.format(Locale.ROOT, "eps %.2f", epsilon);
        // fields in order of display; dropped from the end of this priority list first
        boolean withTime = true;
        boolean withBar = true;
        boolean withAcc = true;
        for (int attempt = 0; attempt < 4; attempt++) {
            List<String> head = new ArrayList<>();
            head.add(label + " " + percent);
            List<String> tail = new ArrayList<>();
            tail.add(counts);
            tail.add(epochText);
            tail.add(lossText);
            if (withAcc) {
                tail.add(accText);
            }
            tail.add(metricText);
            if (!Double.isNaN(epsilon)) {
                tail.add(epsText);
            }
            if (withTime) {
                tail.add(time);
            }
            String left = String.join(" ", head);
            String right = String.join(" ", tail);
            int fixed = left.length() + 1 + right.length();
            if (withBar) {
                int room = width() - fixed - 1 - 2; // a space and the brackets
                if (room >= MIN_BAR) {
                    return left + " " + bar(step, total, Math.min(MAX_BAR, room)) + " " + right;
                }
            } else if (fixed <= width()) {
                return left + " " + right;
            }
            if (withTime) {
                withTime = false;
            } else if (withBar) {
                withBar = false;
            } else if (withAcc) {
                withAcc = false;
            } else {
                break;
            }
        }
        String line = label + " " + percent + " " + counts + " " + epochText + " " + lossText + " " + metricText
                + (Double.isNaN(epsilon) ? "" : " " + epsText);
        return cut(line);
    }

    /**
     * The line printed once per evaluation, at most {@link #width()} characters on a terminal and
     * whole otherwise.
     *
     * @param terminal whether it goes to a terminal (then it is cut to the width)
     */
    String evaluationLine(long step, int epoch, double loss, double accuracy, Value metricValue, boolean terminal) {
        String line = String.format(Locale.ROOT, "validation at step %d (%s): loss %s acc %s %s %s", step,
                epochText(epoch), fmt(loss), fmt(accuracy), metric, fmtValue(metricValue));
        return terminal ? cut(line) : line;
    }

    /** The plain line printed at the start when the output is not a terminal. */
    String startLine(long total) {
        return label + ": " + total + " optimizer steps" + (epochs > 0 ? " in " + epochs + " epochs" : "")
                + ", monitoring " + metric;
    }

    /** The plain line printed at the end of each epoch when the output is not a terminal. */
    String epochLine(EpochRecord e, long total) {
        return String.format(Locale.ROOT, "%s %s done: step %d/%d, mean loss %s, acc %s, %s %s, %s%s", label, epochText(e.epoch()),
                e.step(), total, fmt(e.meanLoss()), fmt(e.runningAccuracy()), metric, fmtValue(e.runningMetric()),
                duration(e.seconds()), Double.isNaN(e.epsilon()) ? "" : String.format(Locale.ROOT, ", epsilon %.3f", e.epsilon()));
    }

    private String epochText(int epoch) {
        return epochs > 0 ? "epoch " + (epoch + 1) + "/" + epochs : "epoch " + (epoch + 1);
    }

    String cut(String line) {
        return line.length() <= width() ? line : line.substring(0, width() - 1) + "~";
    }

    static String bar(long step, long total, int inner) {
        int filled = total <= 0 ? 0 : (int) Math.min(inner, step * inner / total);
        StringBuilder b = new StringBuilder(inner + 2).append('[');
        for (int i = 0; i < inner; i++) {
            b.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        return b.append(']').toString();
    }

    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    /** Three decimals: the status line is for watching, the log lines keep four. */
    private static String short3(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String fmt(double v) {
        return TrainingRun.fmt(v);
    }

    private static String fmtValue(Value v) {
        return TrainingRun.fmtValue(v);
    }
}
