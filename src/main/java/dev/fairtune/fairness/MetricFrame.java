package dev.fairtune.fairness;

import java.util.ArrayList;
import java.util.List;

/**
 * A report of predictions: every rate overall and by group, the aggregations of chosen rates,
 * named metrics, and (when scores were given) the threshold-free metrics, all as typed records.
 * It reads one {@link GroupConfusion} (and one {@link ScoreSummary}), so the training monitor, the
 * validation pass, the reports and the command-line audit all show the same numbers.
 *
 * @param groups group names in id order
 * @param reference the reference (privileged) group of the signed metrics and aggregations; null when none was set
 * @param minGroupSize groups with fewer rows are flagged {@link GroupRates#belowMinSize()}; 0 when not set
 * @param overall every rate of all rows
 * @param byGroup every rate of each group, in id order
 * @param rates the rates that are aggregated
 * @param aggregates for each rate in {@code rates}: the across-groups aggregations, then (with a
 *     reference) the difference and ratio of each other group against the reference
 * @param metrics the named metrics: one value per across-groups or all-rows metric, and one per
 *     non-reference group for each signed metric
 * @param scores threshold-free metrics; null when no scores were given
 */
public record MetricFrame(List<String> groups, String reference, int minGroupSize, GroupRates overall,
        List<GroupRates> byGroup, List<Rate> rates, List<AggregateValue> aggregates, List<MetricValue> metrics,
        ScoreSummary scores) {

    /** The rates aggregated by default: every proportion, and balanced accuracy. */
    public static final List<Rate> DEFAULT_RATES = List.of(Rate.TPR, Rate.FPR, Rate.TNR, Rate.FNR, Rate.PPV,
            Rate.NPV, Rate.FDR, Rate.FOR, Rate.SELECTION_RATE, Rate.BASE_RATE, Rate.ACCURACY, Rate.ERROR_RATE,
            Rate.BALANCED_ACCURACY);

    /** A builder: counts are required; reference, rates, metrics, minimum group size and scores are optional. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The full frame of observations: every rate, every named metric (signed ones only when a
     * reference is given), and the score metrics when the observations have scores.
     *
     * @param reference the reference group's name, or null
     */
    public static MetricFrame of(Observations obs, String reference) {
        Builder b = builder().setCounts(obs.counts()).optReference(reference);
        if (obs.hasScores()) {
            b.optScores(ScoreMetrics.summarize(obs));
        }
        return b.build();
    }

    /** The rates of a named group. */
    public GroupRates group(String name) {
        for (GroupRates g : byGroup) {
            if (g.group().equals(name)) {
                return g;
            }
        }
        throw new IllegalArgumentException("no group named '" + name + "'; the groups are " + groups);
    }

    /**
     * An across-groups or all-rows metric.
     *
     * @throws IllegalArgumentException if the frame does not hold it (a signed metric needs a group)
     */
    public Value metric(FairnessMetric metric) {
        for (MetricValue m : metrics) {
            if (m.metric() == metric && m.group() == null) {
                return m.value();
            }
        }
        throw new IllegalArgumentException("this frame holds no value of " + metric
                + (metric.needsReference() ? " without a group; call metric(metric, group)" : ""));
    }

    /**
     * A signed metric of a group against the reference.
     *
     * @throws IllegalArgumentException if the frame does not hold it
     */
    public Value metric(FairnessMetric metric, String group) {
        for (MetricValue m : metrics) {
            if (m.metric() == metric && group.equals(m.group())) {
                return m.value();
            }
        }
        throw new IllegalArgumentException("this frame holds no value of " + metric + " for group '" + group
                + "' (reference: " + reference + ")");
    }

    /**
     * An aggregate of a rate: {@code group} is null for an across-groups aggregation and names the
     * compared group for a signed one.
     *
     * @throws IllegalArgumentException if the frame does not hold it
     */
    public Value aggregate(Rate rate, Aggregation aggregation, String group) {
        for (AggregateValue a : aggregates) {
            if (a.rate() == rate && a.aggregation() == aggregation
                    && (group == null ? a.group() == null : group.equals(a.group()))) {
                return a.value();
            }
        }
        throw new IllegalArgumentException("this frame holds no " + aggregation + " of " + rate
                + (group == null ? "" : " for group '" + group + "'"));
    }

    /** The frame as a plain-text table, with a list of the undefined values and their reasons. */
    public String toTable() {
        return FrameTable.render(this);
    }

    /** Builds a {@link MetricFrame}. */
    public static final class Builder {
        private GroupConfusion counts;
        private String reference;
        private List<Rate> rates = DEFAULT_RATES;
        private List<FairnessMetric> metrics;
        private int minGroupSize;
        private ScoreSummary scores;

        private Builder() {
        }

        /** The counts (required). They are read once in {@link #build()}. */
        public Builder setCounts(GroupConfusion counts) {
            this.counts = counts;
            return this;
        }

        /** The reference (privileged) group of the signed metrics; null for none. */
        public Builder optReference(String reference) {
            this.reference = reference;
            return this;
        }

        /** The rates to aggregate (default {@link #DEFAULT_RATES}); every rate is still given per group. */
        public Builder optRates(Rate... rates) {
            this.rates = List.of(rates);
            return this;
        }

        /** The named metrics (default: all, the signed ones only when a reference is set). */
        public Builder optMetrics(FairnessMetric... metrics) {
            this.metrics = List.of(metrics);
            return this;
        }

        /** Flags groups with fewer rows than this (default 0: none). */
        public Builder optMinGroupSize(int minGroupSize) {
            this.minGroupSize = minGroupSize;
            return this;
        }

        /** Threshold-free metrics to include, from {@link ScoreMetrics}. */
        public Builder optScores(ScoreSummary scores) {
            this.scores = scores;
            return this;
        }

        /**
         * Computes the frame.
         *
         * @throws IllegalArgumentException if counts are missing, the reference is not a group, a
         *     signed metric was asked for without a reference, or the minimum group size is negative
         */
        public MetricFrame build() {
            if (counts == null) {
                throw new IllegalArgumentException("counts are required: call setCounts");
            }
            if (minGroupSize < 0) {
                throw new IllegalArgumentException("minGroupSize must not be negative, got " + minGroupSize);
            }
            Groups groups = counts.groups();
            int ref = reference == null ? -1 : groups.id(reference);
            List<FairnessMetric> chosen = metrics;
            if (chosen == null) {
                chosen = new ArrayList<>();
                for (FairnessMetric m : FairnessMetric.values()) {
                    if (ref >= 0 || !m.needsReference()) {
                        chosen.add(m);
                    }
                }
            } else if (ref < 0) {
                for (FairnessMetric m : chosen) {
                    if (m.needsReference()) {
                        throw new IllegalArgumentException(m + " compares each group with a reference group: set one with optReference");
                    }
                }
            }
            List<GroupRates> byGroup = new ArrayList<>(groups.size());
            for (int g = 0; g < groups.size(); g++) {
                byGroup.add(GroupRates.of(counts.group(g), counts.count(g) < minGroupSize));
            }
            List<AggregateValue> aggregates = new ArrayList<>();
            for (Rate r : rates) {
                for (Aggregation a : Aggregation.values()) {
                    if (!a.needsReference()) {
                        aggregates.add(new AggregateValue(r, a, null, a.across(r, counts)));
                    }
                }
                if (ref >= 0) {
                    for (int g = 0; g < groups.size(); g++) {
                        if (g != ref) {
                            for (Aggregation a : Aggregation.values()) {
                                if (a.needsReference()) {
                                    aggregates.add(new AggregateValue(r, a, groups.name(g), a.versus(r, counts, g, ref)));
                                }
                            }
                        }
                    }
                }
            }
            List<MetricValue> values = new ArrayList<>();
            for (FairnessMetric m : chosen) {
                if (m.needsReference()) {
                    for (int g = 0; g < groups.size(); g++) {
                        if (g != ref) {
                            values.add(new MetricValue(m, groups.name(g), reference, m.compute(counts, g, ref)));
                        }
                    }
                } else {
                    values.add(new MetricValue(m, null, null, m.compute(counts)));
                }
            }
            return new MetricFrame(groups.names(), reference, minGroupSize,
                    GroupRates.of(counts.overall(), false), List.copyOf(byGroup), List.copyOf(rates),
                    List.copyOf(aggregates), List.copyOf(values), scores);
        }
    }

    @Override
    public String toString() {
        return "MetricFrame[" + groups.size() + " groups, reference " + reference + ", " + metrics.size()
                + " metric values]";
    }
}
