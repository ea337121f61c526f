package dev.fairtune.privacy;

import dev.fairtune.fairness.Reason;
import dev.fairtune.fairness.ScoreMetrics;
import dev.fairtune.fairness.Value;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A membership-inference audit of a trained model from per-example losses: training rows
 * (members) against held-out rows of the same distribution (non-members), scored by each {@link
 * MembershipAttack}, overall and within each group. For each attack and set of rows: the attack's
 * AUC ({@link ScoreMetrics#auc}, members as positives) and its advantage ({@link
 * AttackResult#advantage}), each with a percentile bootstrap interval that resamples members among
 * members and non-members among non-members (sizes kept, as {@link
 * dev.fairtune.fairness.stats.Bootstrap} keeps group sizes; R-7 quantiles, {@link Well19937c} from
 * the seed).
 *
 * <p>What it measures: an empirical lower bound on leakage by two cheap attacks, not an upper
 * bound; a stronger attack (shadow models, LiRA) can do better. An AUC near 0.5 says these attacks
 * fail, not that the model is private; a DP guarantee is the upper bound. Balanced sets (as many
 * non-members as members) make the AUC and advantage read as in the papers.
 */
public final class MembershipAudit {

    /** The group name of the rows taken together. */
    public static final String OVERALL = "overall";

    private final double[] memberLoss;
    private final double[] nonMemberLoss;
    private final double[] memberReference;
    private final double[] nonMemberReference;
    private final List<String> groupNames;
    private final int[] memberGroup;
    private final int[] nonMemberGroup;
    private final int replicates;
    private final double level;
    private final long seed;

    private MembershipAudit(Builder b) {
        memberLoss = b.memberLoss;
        nonMemberLoss = b.nonMemberLoss;
        memberReference = b.memberReference;
        nonMemberReference = b.nonMemberReference;
        groupNames = b.groupNames;
        memberGroup = b.memberGroup;
        nonMemberGroup = b.nonMemberGroup;
        replicates = b.replicates;
        level = b.level;
        seed = b.seed;
    }

    /** A builder; the member and non-member losses are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The result of an audit: every attack overall, then every attack per group. */
    public record Result(List<AttackResult> overall, List<AttackResult> byGroup, double level, int replicates,
            long seed) {
        /** The overall result of {@code attack}, if it ran. */
        public Optional<AttackResult> overall(MembershipAttack attack) {
            return overall.stream().filter(r -> r.attack() == attack).findFirst();
        }
    }

    /** Runs every attack that the inputs allow (the calibrated one needs reference losses). */
    public Result run() {
        List<MembershipAttack> attacks = memberReference == null ? List.of(MembershipAttack.LOSS_THRESHOLD)
                : List.of(MembershipAttack.LOSS_THRESHOLD, MembershipAttack.CALIBRATED_LOSS);
        List<AttackResult> overall = new ArrayList<>();
        List<AttackResult> byGroup = new ArrayList<>();
        for (MembershipAttack a : attacks) {
            double[] sm = scores(a, memberLoss, memberReference);
            double[] sn = scores(a, nonMemberLoss, nonMemberReference);
            overall.add(attack(a, OVERALL, sm, sn, seed));
            if (groupNames != null) {
                for (int g = 0; g < groupNames.size(); g++) {
                    byGroup.add(attack(a, groupNames.get(g), select(sm, memberGroup, g), select(sn, nonMemberGroup, g),
                            seed + 1 + g));
                }
            }
        }
        return new Result(List.copyOf(overall), List.copyOf(byGroup), level, replicates, seed);
    }

    private static double[] scores(MembershipAttack a, double[] loss, double[] reference) {
        double[] s = new double[loss.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = a == MembershipAttack.LOSS_THRESHOLD ? -loss[i] : -(loss[i] - reference[i]);
        }
        return s;
    }

    private static double[] select(double[] s, int[] group, int g) {
        return IntStream.range(0, s.length).filter(i -> group[i] == g).mapToDouble(i -> s[i]).toArray();
    }

    private AttackResult attack(MembershipAttack a, String group, double[] members, double[] nonMembers, long s) {
        if (members.length == 0 || nonMembers.length == 0) {
            Value none = Value.undefined(Reason.NO_ROWS, (members.length == 0 ? "members of " : "non-members of ") + group);
            return new AttackResult(a, group, members.length, nonMembers.length, none, none, none, none, none, none,
                    Double.NaN);
        }
        double[] best = advantage(members, nonMembers);
        Value auc = auc(members, nonMembers);
        RandomGenerator rng = new Well19937c(s);
        double[] aucs = new double[replicates];
        double[] advantages = new double[replicates];
        double[] bm = new double[members.length];
        double[] bn = new double[nonMembers.length];
        for (int r = 0; r < replicates; r++) {
            for (int i = 0; i < bm.length; i++) {
                bm[i] = members[rng.nextInt(members.length)];
            }
            for (int i = 0; i < bn.length; i++) {
                bn[i] = nonMembers[rng.nextInt(nonMembers.length)];
            }
            aucs[r] = auc(bm, bn).value();
            advantages[r] = advantage(bm, bn)[0];
        }
        return new AttackResult(a, group, members.length, nonMembers.length, auc, quantile(aucs, (1 - level) / 2),
                quantile(aucs, (1 + level) / 2), Value.of(best[0]), quantile(advantages, (1 - level) / 2),
                quantile(advantages, (1 + level) / 2), best[1]);
    }

    private static Value auc(double[] members, double[] nonMembers) {
        int n = members.length + nonMembers.length;
        int[] label = new int[n];
        double[] score = new double[n];
        Arrays.fill(label, 0, members.length, 1);
        System.arraycopy(members, 0, score, 0, members.length);
        System.arraycopy(nonMembers, 0, score, members.length, nonMembers.length);
        return ScoreMetrics.auc(label, score, null);
    }

    /**
     * {@code {max_t (TPR(t) - FPR(t)), argmax t}} over the thresholds t at every distinct score (and
     * +infinity, where both rates are 0): one sort and a sweep from the highest score down.
     */
    static double[] advantage(double[] members, double[] nonMembers) {
        int n = members.length + nonMembers.length;
        double[][] rows = new double[n][];
        for (int i = 0; i < members.length; i++) {
            rows[i] = new double[] {members[i], 1};
        }
        for (int i = 0; i < nonMembers.length; i++) {
            rows[members.length + i] = new double[] {nonMembers[i], 0};
        }
        Arrays.sort(rows, (x, y) -> Double.compare(y[0], x[0]));
        double best = 0;
        double at = Double.POSITIVE_INFINITY;
        int tp = 0;
        int fp = 0;
        for (int i = 0; i < n; i++) {
            if (rows[i][1] == 1) {
                tp++;
            } else {
                fp++;
            }
            if (i + 1 < n && rows[i + 1][0] == rows[i][0]) {
                continue; // a threshold takes all tied scores at once
            }
            double d = tp / (double) members.length - fp / (double) nonMembers.length;
            if (d > best) {
                best = d;
                at = rows[i][0];
            }
        }
        return new double[] {best, at};
    }

    private static Value quantile(double[] values, double p) {
        Percentile q = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        return Value.of(q.evaluate(values, 100 * p));
    }

    /** Builds a {@link MembershipAudit}: {@code set*} required, {@code opt*} optional, checked in {@link #build()}. */
    public static final class Builder {
        private double[] memberLoss;
        private double[] nonMemberLoss;
        private double[] memberReference;
        private double[] nonMemberReference;
        private List<String> groupNames;
        private int[] memberGroup;
        private int[] nonMemberGroup;
        private int replicates = 1000;
        private double level = 0.95;
        private long seed = 42;

        private Builder() {}

        /** Each training row's loss under the audited model (required; finite). */
        public Builder setMemberLosses(double[] losses) {
            this.memberLoss = losses.clone();
            return this;
        }

        /** Each held-out row's loss under the audited model (required; finite). */
        public Builder setNonMemberLosses(double[] losses) {
            this.nonMemberLoss = losses.clone();
            return this;
        }

        /** The same rows' losses under a reference model that saw neither; adds {@link MembershipAttack#CALIBRATED_LOSS}. */
        public Builder optReferenceLosses(double[] members, double[] nonMembers) {
            this.memberReference = members.clone();
            this.nonMemberReference = nonMembers.clone();
            return this;
        }

        /** The groups, and each member's and non-member's group id (an index into {@code names}): adds per-group results. */
        public Builder optGroups(List<String> names, int[] memberGroups, int[] nonMemberGroups) {
            this.groupNames = List.copyOf(names);
            this.memberGroup = memberGroups.clone();
            this.nonMemberGroup = nonMemberGroups.clone();
            return this;
        }

        /** Bootstrap replicates (default 1000; at least 1). */
        public Builder optReplicates(int replicates) {
            this.replicates = replicates;
            return this;
        }

        /** Confidence level of the intervals (default 0.95). */
        public Builder optLevel(double level) {
            this.level = level;
            return this;
        }

        /** Bootstrap seed (default 42). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException when losses are missing or not finite, the reference or
         *     group arrays do not match the losses in length, a group id is out of range, or the
         *     replicates or level are out of range
         */
        public MembershipAudit build() {
            Objects.requireNonNull(memberLoss, "setMemberLosses is required");
            Objects.requireNonNull(nonMemberLoss, "setNonMemberLosses is required");
            finite("member loss", memberLoss);
            finite("non-member loss", nonMemberLoss);
            if (memberReference != null) {
                sameLength("member reference losses", memberReference, memberLoss.length);
                sameLength("non-member reference losses", nonMemberReference, nonMemberLoss.length);
                finite("member reference loss", memberReference);
                finite("non-member reference loss", nonMemberReference);
            }
            if (groupNames != null) {
                IntStream.concat(Arrays.stream(memberGroup), Arrays.stream(nonMemberGroup))
                        .filter(g -> g < 0 || g >= groupNames.size()).findFirst().ifPresent(g -> {
                            throw new IllegalArgumentException("group id " + g + " is not one of the "
                                    + groupNames.size() + " groups " + groupNames);
                        });
                if (memberGroup.length != memberLoss.length || nonMemberGroup.length != nonMemberLoss.length) {
                    throw new IllegalArgumentException("group ids: " + memberGroup.length + " members and "
                            + nonMemberGroup.length + " non-members, but " + memberLoss.length + " and "
                            + nonMemberLoss.length + " losses");
                }
            }
            if (replicates < 1) {
                throw new IllegalArgumentException("replicates must be at least 1, got " + replicates);
            }
            if (!(level > 0 && level < 1)) {
                throw new IllegalArgumentException("level must lie in (0, 1), got " + level);
            }
            return new MembershipAudit(this);
        }

        private static void sameLength(String what, double[] a, int n) {
            if (a.length != n) {
                throw new IllegalArgumentException(what + ": " + a.length + " values for " + n + " rows");
            }
        }

        private static void finite(String what, double[] a) {
            for (int i = 0; i < a.length; i++) {
                if (!Double.isFinite(a[i])) {
                    throw new IllegalArgumentException(what + " of row " + i + " is " + a[i] + ", not finite");
                }
            }
        }
    }
}
