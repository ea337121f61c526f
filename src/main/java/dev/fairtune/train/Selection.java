package dev.fairtune.train;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which validation pass is the best so far, and whether to stop early. Pure logic over {@link
 * EvaluationRecord}s, in the order they ran.
 *
 * <p>Best: without a target, the highest {@link EvaluationRecord#objective()} (the first on ties).
 * With a target, an evaluation that meets it beats one that does not; among those that meet it
 * the highest objective wins; among those that do not, the smallest violation (a defined violation
 * beats an undefined one).
 *
 * <p>A collapsed evaluation ({@link EvaluationRecord#collapsed()}: the model predicts nearly one
 * class) is never the best and never an improvement; when every evaluation collapsed there is no
 * best.
 *
 * <p>Early stopping (patience p > 0, least improvement d): stop once p evaluations in a row have
 * not raised the best objective seen by more than d.
 */
final class Selection {

    private final boolean hasTarget;
    private final int patience;
    private final double minDelta;
    private EvaluationRecord best;
    private int bestIndex = -1;
    private int seen;
    private double bestForStopping = Double.NEGATIVE_INFINITY;
    private int sinceImprovement;

    /** A selection for a run with or without a target, with the early-stopping settings of {@code evaluation}. */
    Selection(boolean hasTarget, TrainerConfig.Evaluation evaluation) {
        this.hasTarget = hasTarget;
        this.patience = evaluation.earlyStoppingPatience();
        this.minDelta = evaluation.earlyStoppingMinDelta();
    }

    /** What a checkpoint keeps; {@code bestIndex} counts evaluations from the run's first, -1 for none. */
    record State(int bestIndex, double bestObjectiveForStopping, int evaluationsWithoutImprovement) {}

    /**
     * Considers the next evaluation.
     *
     * @return whether it is now the best
     */
    boolean offer(EvaluationRecord record) {
        boolean better = !record.collapsed() && (best == null || isBetter(record, best));
        if (better) {
            best = record;
            bestIndex = seen;
        }
        seen++;
        if (patience > 0) {
            if (!record.collapsed() && record.objective() > bestForStopping + minDelta) {
                bestForStopping = record.objective();
                sinceImprovement = 0;
            } else {
                sinceImprovement++;
            }
        }
        return better;
    }

    private boolean isBetter(EvaluationRecord r, EvaluationRecord b) {
        if (!hasTarget) {
            return r.objective() > b.objective();
        }
        if (r.targetMet()) {
            return !b.targetMet() || r.objective() > b.objective();
        }
        return !b.targetMet() && (r.targetViolation() < b.targetViolation()
                || Double.isNaN(b.targetViolation()) && !Double.isNaN(r.targetViolation()));
    }

    /** Whether early stopping asks the run to stop. */
    boolean shouldStop() {
        return patience > 0 && sinceImprovement >= patience;
    }

    /** Evaluations in a row without improvement. */
    int sinceImprovement() {
        return sinceImprovement;
    }

    /** The best evaluation so far. */
    Optional<EvaluationRecord> best() {
        return Optional.ofNullable(best);
    }

    /** The selection in words, for the result and the log. */
    String describe(LagrangianTarget target, List<EvaluationRecord> evaluations) {
        if (best == null && !evaluations.isEmpty()) {
            return "every evaluation predicted (nearly) one class (last: " + evaluations.get(evaluations.size() - 1)
                    .collapse().reason() + "), so none was selected; the model holds the weights after the last step";
        }
        if (best == null) {
            return "no evaluation ran; the model holds the weights after the last step";
        }
        if (target == null) {
            return String.format(Locale.ROOT, "selected the evaluation after step %d: best objective %.6f", best.step(),
                    best.objective());
        }
        String value = target.metric().key() + " = " + TrainingRun.fmtValue(best.target());
        return best.targetMet()
                ? String.format(Locale.ROOT, "selected the evaluation after step %d: target %s met (%s), best objective"
                        + " %.6f among the %d evaluations that meet it", best.step(), target, value, best.objective(),
                        evaluations.stream().filter(EvaluationRecord::targetMet).count())
                : String.format(Locale.ROOT, "no evaluation met the target %s; kept the closest, after step %d (%s, %.4f"
                        + " over the bound)", target, best.step(), value, best.targetViolation());
    }

    /** The state to checkpoint. */
    State state() {
        return new State(bestIndex, bestForStopping, sinceImprovement);
    }

    /** Continues from a checkpointed state, given the evaluations that ran before it. */
    void restore(State state, List<EvaluationRecord> evaluations) {
        seen = evaluations.size();
        bestIndex = state.bestIndex();
        best = bestIndex < 0 ? null : evaluations.get(bestIndex);
        bestForStopping = state.bestObjectiveForStopping();
        sinceImprovement = state.evaluationsWithoutImprovement();
    }
}
