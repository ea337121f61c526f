package dev.fairtune.postprocess;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.Observations;
import dev.fairtune.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Group-specific thresholds fitted after training (post-processing), as in Hardt, Price and
 * Srebro 2016, "Equality of Opportunity in Supervised Learning". It reads scored rows with labels
 * and groups (usually the validation set) and returns one {@link ThresholdRule} per group; applied
 * to new rows it turns scores into predictions that (nearly) equalise the chosen rates.
 *
 * <p>Each group a has an ROC curve: with its distinct scores {@code s_1 > ... > s_m}, point k is
 * {@code (FPR_a(s_k), TPR_a(s_k))} for the rule "positive iff score &gt;= s_k", plus (0, 0) for
 * threshold {@code +Infinity}. With {@code P_a}, {@code N_a} the group's positive and negative
 * (weighted) counts, the expected number of errors of a rule with rates (f, t) in group a is
 * {@code N_a f + P_a (1 - t)}.
 *
 * <ul>
 *   <li>{@link FairnessConstraint#EQUAL_OPPORTUNITY}: for a common TPR level τ, each group takes
 *       the highest threshold whose TPR is at least τ. τ ranges over every TPR value any group
 *       reaches; the τ with the fewest total errors wins (ties: the smallest TPR spread, then the
 *       highest τ). Deterministic; the TPRs agree as nearly as the groups' discrete ROC points
 *       allow (the rule reports each group's fitted TPR).
 *   <li>{@link FairnessConstraint#EQUALIZED_ODDS}: randomized thresholds, by the linear program
 *       <pre>
 *   minimise   sum_a sum_j x_aj (N_a f_aj - P_a t_aj)
 *   subject to sum_j x_aj = 1, x_aj &gt;= 0                        for every group a
 *              sum_j x_aj f_aj = sum_j x_0j f_0j,  same for t     for every group a &gt; 0
 *       </pre>
 *       over the vertices j of the convex hull of each group's ROC points (any achievable rate
 *       pair is a mixture of them), solved by Commons Math's {@link SimplexSolver}. Group a then
 *       uses threshold {@code t_aj} with probability {@code x_aj}: every group gets the same
 *       expected (FPR, TPR) on the fitting data, at the least expected error. A common point
 *       always exists (each hull contains the diagonal from (0, 0) to (1, 1)).
 * </ul>
 *
 * <p>Every group must have positive and negative labels in the fitting data (equal opportunity
 * needs positives only). Sample weights count as frequencies. Post-processing changes
 * predictions, not scores: score metrics (AUC, BPSN/BNSP AUC) stay those of the model.
 */
public final class ThresholdPostProcessor {
    /** The file a fitted post-processor is saved as, beside the model it post-processes. */
    public static final String FILE = "postprocess.json";

    private static final String SCHEMA = "fairtune-postprocess/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The saved form: the constraint, the groups in id order, each group's rule. */
    private record Saved(String schema, FairnessConstraint constraint, List<String> groups, List<ThresholdRule> rules) {
    }

    private final FairnessConstraint constraint;
    private final Groups groups;
    private final List<ThresholdRule> rules;

    private ThresholdPostProcessor(FairnessConstraint constraint, Groups groups, List<ThresholdRule> rules) {
        this.constraint = constraint;
        this.groups = groups;
        this.rules = List.copyOf(rules);
    }

    /**
     * Fits the rules on scored observations (their groups, labels, scores and weights).
     *
     * @throws IllegalArgumentException when the observations have no scores, or a group lacks the
     *     labels the constraint needs
     */
    public static ThresholdPostProcessor fit(Observations obs, FairnessConstraint constraint) {
        if (!obs.hasScores()) {
            throw new IllegalArgumentException("post-processing fits thresholds on scores: build the observations with optScores");
        }
        Groups groups = obs.groups();
        List<Roc> rocs = new ArrayList<>();
        for (int a = 0; a < groups.size(); a++) {
            Roc roc = Roc.of(obs, a);
            if (roc.positives == 0) {
                throw new IllegalArgumentException("group '" + groups.name(a) + "' has no positive labels in the fitting"
                        + " data, so its true positive rate cannot be matched: fit on data where every group has"
                        + " positives, or merge the group into another");
            }
            if (constraint == FairnessConstraint.EQUALIZED_ODDS && roc.negatives == 0) {
                throw new IllegalArgumentException("group '" + groups.name(a) + "' has no negative labels in the fitting"
                        + " data, so its false positive rate cannot be matched: fit on data where every group has"
                        + " negatives, or use EQUAL_OPPORTUNITY");
            }
            rocs.add(roc);
        }
        List<ThresholdRule> rules = constraint == FairnessConstraint.EQUAL_OPPORTUNITY
                ? equalOpportunity(groups, rocs) : equalizedOdds(groups, rocs);
        return new ThresholdPostProcessor(constraint, groups, rules);
    }

    /** Writes the rules as JSON ({@value #FILE} in a model folder; never half-written). */
    public void write(Path file) throws IOException {
        Saved saved = new Saved(SCHEMA, constraint, groups.names(), rules);
        AtomicFiles.writeFile(file, tmp -> JSON.writeValue(tmp.toFile(), saved));
    }

    /**
     * Reads rules written by {@link #write}.
     *
     * @throws IOException when the file cannot be read or is not a post-processor of this schema
     */
    public static ThresholdPostProcessor read(Path file) throws IOException {
        Saved s;
        try {
            s = JSON.readValue(file.toFile(), Saved.class);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not a FairTune post-processor file (" + e.getMessage() + ")", e);
        }
        if (!SCHEMA.equals(s.schema()) || s.constraint() == null || s.groups() == null || s.rules() == null
                || s.groups().size() != s.rules().size()) {
            throw new IOException(file + ": not a " + SCHEMA + " file with one rule per group");
        }
        return new ThresholdPostProcessor(s.constraint(), Groups.of(s.groups()), s.rules());
    }

    /** The constraint fitted. */
    public FairnessConstraint constraint() {
        return constraint;
    }

    /** The groups, in id order. */
    public Groups groups() {
        return groups;
    }

    /** The rule of each group, in id order. */
    public List<ThresholdRule> rules() {
        return rules;
    }

    /** {@code P(positive)} for a row of group {@code group} with score {@code score}. */
    public double positiveProbability(int group, double score) {
        return rules.get(group).positiveProbability(score);
    }

    /**
     * Predictions for rows: 1 with probability {@link #positiveProbability}, drawn from a generator
     * seeded with {@code seed} (rows whose probability is 0 or 1 draw nothing).
     */
    public int[] predict(int[] group, double[] score, long seed) {
        if (group.length != score.length) {
            throw new IllegalArgumentException("need one score per group id: " + group.length + " vs " + score.length);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] out = new int[group.length];
        for (int i = 0; i < out.length; i++) {
            double p = positiveProbability(group[i], score[i]);
            out[i] = p >= 1 ? 1 : p <= 0 ? 0 : rnd.nextDouble() < p ? 1 : 0;
        }
        return out;
    }

    /**
     * The same observations with post-processed predictions ({@link #predict}); groups, labels,
     * scores and weights unchanged. Groups are matched by name, so data that list the groups in
     * another order (another file, another reference) get each group's own rule.
     *
     * @throws IllegalArgumentException when the observations have no scores, or a group no rule was
     *     fitted for
     */
    public Observations apply(Observations obs, long seed) {
        int[] rule = new int[obs.groups().size()];
        for (int g = 0; g < rule.length; g++) {
            String name = obs.groups().name(g);
            if (!groups.contains(name)) {
                throw new IllegalArgumentException("group '" + name + "' has no fitted threshold: the rules were fitted "
                        + "for groups " + groups.names());
            }
            rule[g] = groups.id(name);
        }
        int[] ruleGroup = new int[obs.size()];
        for (int i = 0; i < ruleGroup.length; i++) {
            ruleGroup[i] = rule[obs.group()[i]];
        }
        return Observations.builder()
                .setGroups(obs.groups(), obs.group())
                .setLabels(obs.label())
                .optPredictions(predict(ruleGroup, obs.score(), seed))
                .optScores(obs.score())
                .optWeights(obs.weight())
                .build();
    }

    // ---------------------------------------------------------------- equal opportunity

    private static List<ThresholdRule> equalOpportunity(Groups groups, List<Roc> rocs) {
        double[] levels = rocs.stream().flatMapToDouble(r -> Arrays.stream(r.tpr())).sorted().distinct().toArray();
        double bestError = Double.POSITIVE_INFINITY;
        double bestSpread = Double.POSITIVE_INFINITY;
        int[] best = null;
        for (double tau : levels) {
            int[] k = new int[rocs.size()];
            double error = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < rocs.size(); a++) {
                Roc r = rocs.get(a);
                k[a] = r.firstReaching(tau);
                error += r.errors(k[a]);
                lo = Math.min(lo, r.tpr(k[a]));
                hi = Math.max(hi, r.tpr(k[a]));
            }
            double spread = hi - lo;
            // levels ascend, so ">=" on a full tie keeps the highest level
            if (error < bestError || error == bestError && spread <= bestSpread) {
                bestError = error;
                bestSpread = spread;
                best = k;
            }
        }
        List<ThresholdRule> out = new ArrayList<>();
        for (int a = 0; a < rocs.size(); a++) {
            Roc r = rocs.get(a);
            out.add(new ThresholdRule(groups.name(a), List.of(r.threshold[best[a]]), List.of(1.0), r.tpr(best[a]),
                    r.fpr(best[a])));
        }
        return out;
    }

    // ---------------------------------------------------------------- equalized odds

    private static List<ThresholdRule> equalizedOdds(Groups groups, List<Roc> rocs) {
        int g = rocs.size();
        int[][] hulls = new int[g][];
        int[] offset = new int[g + 1];
        for (int a = 0; a < g; a++) {
            hulls[a] = rocs.get(a).hull();
            offset[a + 1] = offset[a] + hulls[a].length;
        }
        int n = offset[g];
        double[] cost = new double[n];
        List<LinearConstraint> constraints = new ArrayList<>();
        for (int a = 0; a < g; a++) {
            Roc r = rocs.get(a);
            double[] sum = new double[n];
            for (int j = 0; j < hulls[a].length; j++) {
                int k = hulls[a][j];
                cost[offset[a] + j] = r.negatives * r.fpr(k) - r.positives * r.tpr(k);
                sum[offset[a] + j] = 1;
            }
            constraints.add(new LinearConstraint(sum, Relationship.EQ, 1));
        }
        for (int a = 1; a < g; a++) {
            double[] f = new double[n];
            double[] t = new double[n];
            for (int b : new int[] {0, a}) {
                double sign = b == 0 ? -1 : 1;
                Roc r = rocs.get(b);
                for (int j = 0; j < hulls[b].length; j++) {
                    f[offset[b] + j] += sign * r.fpr(hulls[b][j]);
                    t[offset[b] + j] += sign * r.tpr(hulls[b][j]);
                }
            }
            constraints.add(new LinearConstraint(f, Relationship.EQ, 0));
            constraints.add(new LinearConstraint(t, Relationship.EQ, 0));
        }
        PointValuePair solution;
        try {
            solution = new SimplexSolver().optimize(new MaxIter(100_000), new LinearObjectiveFunction(cost, 0),
                    new LinearConstraintSet(constraints), GoalType.MINIMIZE, new NonNegativeConstraint(true));
        } catch (NoFeasibleSolutionException e) {
            throw new IllegalStateException("the equalized-odds program has no solution, which cannot happen for valid"
                    + " ROC curves (each contains the diagonal); please report it", e);
        }
        double[] x = solution.getPoint();
        List<ThresholdRule> out = new ArrayList<>();
        for (int a = 0; a < g; a++) {
            Roc r = rocs.get(a);
            List<double[]> parts = new ArrayList<>();
            double total = 0;
            double f = 0;
            double t = 0;
            for (int j = 0; j < hulls[a].length; j++) {
                double w = x[offset[a] + j];
                if (w > 1e-9) {
                    parts.add(new double[] {r.threshold[hulls[a][j]], w});
                    total += w;
                    f += w * r.fpr(hulls[a][j]);
                    t += w * r.tpr(hulls[a][j]);
                }
            }
            parts.sort((p, q) -> Double.compare(q[0], p[0]));
            List<Double> thresholds = new ArrayList<>();
            List<Double> probabilities = new ArrayList<>();
            double assigned = 0;
            for (int i = 0; i < parts.size(); i++) {
                double p = i == parts.size() - 1 ? 1 - assigned : parts.get(i)[1] / total;
                thresholds.add(parts.get(i)[0]);
                probabilities.add(p);
                assigned += p;
            }
            out.add(new ThresholdRule(groups.name(a), thresholds, probabilities, t / total, f / total));
        }
        return out;
    }

    /**
     * One group's ROC points: index 0 is threshold +Infinity (nothing positive), index k the k-th
     * largest distinct score; cumulative positive and negative weights at each.
     */
    private static final class Roc {
        final double[] threshold;
        final double[] tp;
        final double[] fp;
        final double positives;
        final double negatives;

        private Roc(double[] threshold, double[] tp, double[] fp) {
            this.threshold = threshold;
            this.tp = tp;
            this.fp = fp;
            this.positives = tp[tp.length - 1];
            this.negatives = fp[fp.length - 1];
        }

        static Roc of(Observations obs, int group) {
            int[] g = obs.group();
            int[] y = obs.label();
            double[] s = obs.score();
            double[] w = obs.weight();
            int count = 0;
            for (int v : g) {
                count += v == group ? 1 : 0;
            }
            double[][] rows = new double[count][];
            int c = 0;
            for (int i = 0; i < g.length; i++) {
                if (g[i] == group) {
                    rows[c++] = new double[] {s[i], y[i], w == null ? 1 : w[i]};
                }
            }
            Arrays.sort(rows, (p, q) -> Double.compare(q[0], p[0]));
            List<Double> th = new ArrayList<>(List.of(Double.POSITIVE_INFINITY));
            List<Double> tps = new ArrayList<>(List.of(0.0));
            List<Double> fps = new ArrayList<>(List.of(0.0));
            double tpSum = 0;
            double fpSum = 0;
            for (int i = 0; i < rows.length; i++) {
                if (rows[i][1] == 1) {
                    tpSum += rows[i][2];
                } else {
                    fpSum += rows[i][2];
                }
                if (i == rows.length - 1 || rows[i + 1][0] != rows[i][0]) {
                    th.add(rows[i][0]);
                    tps.add(tpSum);
                    fps.add(fpSum);
                }
            }
            return new Roc(th.stream().mapToDouble(Double::doubleValue).toArray(),
                    tps.stream().mapToDouble(Double::doubleValue).toArray(),
                    fps.stream().mapToDouble(Double::doubleValue).toArray());
        }

        double tpr(int k) {
            return positives == 0 ? 0 : tp[k] / positives;
        }

        double fpr(int k) {
            return negatives == 0 ? 0 : fp[k] / negatives;
        }

        double[] tpr() {
            double[] out = new double[tp.length];
            for (int k = 0; k < out.length; k++) {
                out[k] = tpr(k);
            }
            return out;
        }

        /** Expected errors of "positive iff score >= threshold[k]": false positives plus false negatives. */
        double errors(int k) {
            return fp[k] + (positives - tp[k]);
        }

        /** The first point (highest threshold) whose TPR reaches {@code tau}. */
        int firstReaching(double tau) {
            for (int k = 0; k < tp.length; k++) {
                if (tpr(k) >= tau) {
                    return k;
                }
            }
            return tp.length - 1;
        }

        /**
         * Indices of the vertices of the convex hull of the ROC points (Andrew's monotone chain;
         * the points are already sorted by FPR, then TPR), lower chain then upper chain.
         */
        int[] hull() {
            int m = tp.length;
            if (m <= 2) {
                int[] all = new int[m];
                for (int k = 0; k < m; k++) {
                    all[k] = k;
                }
                return all;
            }
            int[] lower = chain(m, false);
            int[] upper = chain(m, true);
            // both chains start at point 0 and end at point m - 1
            int[] out = new int[lower.length + upper.length - 2];
            System.arraycopy(lower, 0, out, 0, lower.length);
            System.arraycopy(upper, 1, out, lower.length, upper.length - 2);
            return out;
        }

        private int[] chain(int m, boolean upper) {
            int[] stack = new int[m];
            int size = 0;
            for (int k = 0; k < m; k++) {
                while (size >= 2 && turn(stack[size - 2], stack[size - 1], k, upper)) {
                    size--;
                }
                stack[size++] = k;
            }
            return Arrays.copyOf(stack, size);
        }

        /** Whether the middle point b must go: not a strict turn in the chain's direction. */
        private boolean turn(int a, int b, int c, boolean upper) {
            double cross = (fpr(b) - fpr(a)) * (tpr(c) - tpr(a)) - (tpr(b) - tpr(a)) * (fpr(c) - fpr(a));
            return upper ? cross >= 0 : cross <= 0;
        }
    }
}
