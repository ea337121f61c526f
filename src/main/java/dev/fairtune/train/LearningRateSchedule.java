package dev.fairtune.train;

/**
 * The learning rate of each optimizer step. {@code step} counts the optimizer steps already taken
 * (0 for the first), as HuggingFace's {@code LambdaLR} schedules do.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate for the step after {@code step} completed steps. */
    double rate(long step);

    /** The same rate at every step. */
    static LearningRateSchedule constant(double rate) {
        return step -> rate;
    }

    /**
     * HuggingFace's {@code get_linear_schedule_with_warmup}: with peak rate r, w warm-up steps and
     * n total steps,
     *
     * <pre>
     *   rate(s) = r * s / max(1, w)                      for s &lt; w
     *   rate(s) = r * max(0, (n - s) / max(1, n - w))    otherwise
     * </pre>
     *
     * so the first step has rate 0 when w &gt; 0, the peak is reached at step w, and the rate is 0
     * from step n on.
     */
    static LearningRateSchedule linearWarmupDecay(double peak, long warmupSteps, long totalSteps) {
        if (warmupSteps < 0 || totalSteps < 1 || warmupSteps > totalSteps || !(peak >= 0)) {
            throw new IllegalArgumentException(
                    "need peak >= 0 and 0 <= warm-up <= total, total >= 1; got peak " + peak + ", warm-up "
                            + warmupSteps + ", total " + totalSteps);
        }
        return step -> {
            if (step < warmupSteps) {
                return peak * step / Math.max(1, warmupSteps);
            }
            return peak * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
        };
    }
}
