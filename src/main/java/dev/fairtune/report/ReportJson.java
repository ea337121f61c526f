package dev.fairtune.report;

import dev.fairtune.fairness.MetricSpec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fairtune.fairness.CounterfactualFairness;
import dev.fairtune.fairness.Definition;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.GroupPolicy;
import dev.fairtune.fairness.GroupRates;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.Value;
import dev.fairtune.fairness.ScoreStatistic;
import dev.fairtune.privacy.AttackResult;
import dev.fairtune.privacy.MembershipAudit;
import dev.fairtune.train.TrainingProvenance;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of a report, schema {@value #SCHEMA}, documented field by field in docs/report.md.
 * Every record maps one-to-one onto a JSON object, so the file parses back into these types. JSON has
 * no NaN: an undefined value is {@code null} with its reason.
 *
 * @param schema always {@value #SCHEMA}
 * @param title the report's title
 * @param provenance where the runs came from
 * @param headline the headline metric
 * @param bootstrap how the intervals were computed
 * @param evaluationData the test data
 * @param trainingData the training data, or null
 * @param definitions the formula of every metric, rate and statistic in the file
 * @param runs one entry per run
 * @param trainingSweep how a sweep of training runs chose the model ({@code fairtune sweep}), or null
 */
public record ReportJson(String schema, String title, ProvenanceJson provenance, HeadlineJson headline,
        BootstrapJson bootstrap, DataSummary evaluationData, DataSummary trainingData, List<Definition> definitions,
        List<RunJson> runs, TrainingSweepJson trainingSweep) {

    /**
     * A sweep's choice ({@link SweepSummary}).
     *
     * @param rule the rule in words
     * @param choice the choice in words
     * @param chosen the chosen run's name, or null
     * @param score the task score of the rule: AUC or ACCURACY
     * @param metric the fairness metric's label
     * @param points every run's validation point, in sweep order
     */
    public record TrainingSweepJson(String rule, String choice, String chosen, String score, String metric,
            List<TrainingSweepPointJson> points) {
        static TrainingSweepJson of(SweepSummary s) {
            List<TrainingSweepPointJson> points = new ArrayList<>();
            for (dev.fairtune.sweep.SweepPoint p : s.points()) {
                points.add(new TrainingSweepPointJson(p.name(), p.method(), p.kind().name(), n(p.setting()), n(p.accuracy()),
                        n(p.auc()), n(p.loss()), ValueJson.of(p.fairness()), n(p.distance()),
                        s.frontier().contains(p.name()), p.collapseReason()));
            }
            return new TrainingSweepJson(s.rule(), s.choice(), s.chosen(), s.primary().name(), s.metric(), points);
        }

        private static Double n(double d) {
            return Double.isNaN(d) ? null : d;
        }
    }

    /**
     * One validation point of a sweep ({@link dev.fairtune.sweep.SweepPoint}); null where undefined.
     *
     * @param name the run's name
     * @param method what was trained
     * @param kind IN_PROCESSING or POST_PROCESSING (which needs the group at prediction time)
     * @param setting the grid value (lambda or bound), null for the plain run and post-processing
     * @param accuracy validation accuracy
     * @param auc validation AUC
     * @param loss validation cross-entropy (null for post-processing)
     * @param fairness the fairness metric on validation
     * @param distance |fairness - ideal|
     * @param frontier whether the point is on the validation frontier
     * @param collapsed why the run predicts (nearly) one class, or null when it does not
     */
    public record TrainingSweepPointJson(String name, String method, String kind, Double setting, Double accuracy, Double auc,
            Double loss, ValueJson fairness, Double distance, boolean frontier, String collapsed) {}

    /** The schema name and version. */
    public static final String SCHEMA = "fairtune-report/1";

    /**
     * Provenance.
     *
     * @param model the pretrained model
     * @param modelOrigin where its weights were read
     * @param trainingSetup the fine-tuning settings in words, or null
     * @param seed the seed of splits, training and bootstrap
     * @param command the command that made the report, or null
     * @param created ISO-8601 time (UTC)
     * @param groupAttribute the group attribute
     * @param groups the groups, in id order (the order of every per-group list)
     * @param reference the reference group of the signed metrics, or null
     * @param evaluationDataFingerprint the test data's hash, or null
     * @param trainingDataFingerprint the training data's hash, or null
     * @param libraries library versions
     */
    public record ProvenanceJson(String model, String modelOrigin, String trainingSetup, long seed, String command,
            String created, String groupAttribute, List<String> groups, String reference,
            String evaluationDataFingerprint, String trainingDataFingerprint, List<Library> libraries) {
    }

    /**
     * The headline metric.
     *
     * @param metric a {@link FairnessMetric} name
     * @param group the compared group of a signed metric, else null
     * @param reference the reference group of a signed metric, else null
     * @param label how tables and charts name it
     * @param groupPolicy what the metrics do with small or unmeasurable groups ({@link dev.fairtune.fairness.GroupPolicy#describe()})
     */
    public record HeadlineJson(String metric, String group, String reference, String label, String groupPolicy) {
    }

    /**
     * How intervals were computed.
     *
     * @param replicates replicates per interval
     * @param level confidence level
     * @param seed generator seed
     * @param method a sentence describing the resampling
     */
    public record BootstrapJson(int replicates, double level, long seed, String method) {
    }

    /**
     * A value that may be undefined.
     *
     * @param value the value, or null when undefined
     * @param reason null when defined, else a {@link dev.fairtune.fairness.Reason} name
     * @param where the group (or "overall") where it became undefined, or null
     * @param text a readable reason, or null when defined
     */
    public record ValueJson(Double value, String reason, String where, String text) {
        static ValueJson of(Value v) {
            return v.isDefined() ? new ValueJson(v.value(), null, null, null)
                    : new ValueJson(null, v.reason().name(), v.group(), v.describe());
        }
    }

    /**
     * A value and its bootstrap interval.
     *
     * @param value the value, or null when undefined
     * @param lower the lower bound, or null when undefined
     * @param upper the upper bound, or null when undefined
     * @param undefinedReplicates replicates where the value was undefined
     * @param reason null when the value and both bounds are defined, else the first undefined one's
     *     {@link dev.fairtune.fairness.Reason} name
     * @param where where that happened, or null
     * @param text a readable reason, or null
     */
    public record EstimateJson(Double value, Double lower, Double upper, int undefinedReplicates, String reason,
            String where, String text) {
        static EstimateJson of(Interval i) {
            Value why = !i.estimate().isDefined() ? i.estimate() : !i.lower().isDefined() ? i.lower() : null;
            return new EstimateJson(d(i.estimate()), d(i.lower()), d(i.upper()), i.undefinedReplicates(),
                    why == null ? null : why.reason().name(), why == null ? null : why.group(),
                    why == null ? null : why.describe());
        }

        private static Double d(Value v) {
            return v.isDefined() ? v.value() : null;
        }
    }

    /**
     * One run.
     *
     * @param name the run's name
     * @param description how it was trained, or null
     * @param penalties the penalties of its loss
     * @param threshold the decision threshold, or null when decisions were given
     * @param epochs the epoch records (validation data)
     * @param stepLosses the training loss of every step
     * @param evaluation the test results
     * @param training the trainer's provenance of the run (data fingerprints, settings, penalties,
     *     versions, start and end; for a DP-SGD run {@code training.privacy}: delta, q, sigma, C,
     *     steps and the epsilon spent), or null when it was not trained here
     * @param collapsed why the test decisions are (nearly) one class, overall or within a group
     *     ({@link dev.fairtune.fairness.Collapse}); null when they are not
     * @param headlineLeftOut the groups the group policy left out of the headline metric, with the reasons
     * @param privacy the DP-SGD guarantee in one sentence (whether it is proven or nominal), or null
     *     for a run not trained privately here
     * @param membership the membership-inference audit, each attack overall then per group; empty
     *     when the run was not audited
     */
    public record RunJson(String name, String description, List<PenaltySetting> penalties, Double threshold,
            List<EpochJson> epochs, List<Double> stepLosses, EvaluationJson evaluation, TrainingProvenance training,
            String collapsed, List<GroupPolicy.LeftOut> headlineLeftOut, String privacy, List<AttackJson> membership) {
    }

    /**
     * One membership-inference attack on one set of rows ({@link dev.fairtune.privacy.AttackResult}).
     *
     * @param attack the {@link dev.fairtune.privacy.MembershipAttack} name
     * @param group the group, or "overall"
     * @param members training rows scored
     * @param nonMembers held-out rows scored
     * @param auc the attack's AUC and its bootstrap interval (0.5 is chance)
     * @param advantage max over thresholds of TPR - FPR, and its interval (0 is chance)
     */
    public record AttackJson(String attack, String group, int members, int nonMembers, EstimateJson auc,
            EstimateJson advantage) {
        static List<AttackJson> of(MembershipAudit.Result audit) {
            List<AttackJson> out = new ArrayList<>();
            if (audit == null) {
                return out;
            }
            List<AttackResult> all = new ArrayList<>(audit.overall());
            all.addAll(audit.byGroup());
            for (AttackResult a : all) {
                out.add(new AttackJson(a.attack().name(), a.group(), a.members(), a.nonMembers(),
                        EstimateJson.of(new Interval(a.auc(), a.aucLower(), a.aucUpper(), audit.level(), audit.replicates(), 0)),
                        EstimateJson.of(new Interval(a.advantage(), a.advantageLower(), a.advantageUpper(), audit.level(),
                                audit.replicates(), 0))));
            }
            return out;
        }
    }

    /**
     * One epoch.
     *
     * @param epoch 1 for the first
     * @param step steps completed
     * @param trainLoss mean training loss
     * @param accuracy validation accuracy
     * @param fairness the headline metric on the validation data
     */
    public record EpochJson(int epoch, long step, double trainLoss, ValueJson accuracy, ValueJson fairness) {
    }

    /**
     * The test results of a run.
     *
     * @param rows test rows
     * @param headline the headline metric
     * @param groups the confusion counts of each group
     * @param rates every rate of all rows ("overall") and each group
     * @param metrics every named metric
     * @param scores the threshold-free statistics (empty without scores)
     * @param counterfactual the counterfactual statistics, or null
     * @param sweep the threshold sweep (empty without scores)
     * @param explanations the identity-term diagnostic, or null
     */
    public record EvaluationJson(long rows, EstimateJson headline, List<GroupJson> groups, List<RateJson> rates,
            List<MetricJson> metrics, List<ScoreJson> scores, CounterfactualJson counterfactual,
            List<SweepJson> sweep, ExplanationsJson explanations) {
    }

    /**
     * The identity-term diagnostic of a run (docs/explainability.md).
     *
     * @param method how the attributions were computed
     * @param texts the test texts explained
     * @param estimates every statistic with its interval
     */
    public record ExplanationsJson(String method, int texts, List<ExplanationEstimateJson> estimates) {
    }

    /**
     * One statistic of the diagnostic.
     *
     * @param statistic IDENTITY_SHARE or MEAN_ABS_SCORE_CHANGE
     * @param scope OVERALL, CATEGORY or GROUP
     * @param name the category or group, "overall" for OVERALL
     * @param estimate value and interval
     */
    public record ExplanationEstimateJson(String statistic, String scope, String name, EstimateJson estimate) {
    }

    /**
     * The confusion counts of one group.
     *
     * @param group the group
     * @param rows its rows
     * @param belowMinSize fewer rows than the minimum group size
     * @param tp true positives
     * @param fp false positives
     * @param tn true negatives
     * @param fn false negatives
     */
    public record GroupJson(String group, long rows, boolean belowMinSize, long tp, long fp, long tn, long fn) {
    }

    /**
     * A rate.
     *
     * @param group the group, or "overall"
     * @param rate a {@link Rate} name
     * @param estimate value and interval
     */
    public record RateJson(String group, String rate, EstimateJson estimate) {
    }

    /**
     * A named metric.
     *
     * @param metric a {@link FairnessMetric} name
     * @param scope a {@link FairnessMetric.Scope} name
     * @param group the compared group of a signed metric, else null
     * @param reference the reference of a signed metric, else null
     * @param ideal the value meaning no disparity
     * @param estimate value and interval
     */
    public record MetricJson(String metric, String scope, String group, String reference, double ideal,
            EstimateJson estimate) {
    }

    /**
     * A threshold-free statistic.
     *
     * @param statistic a {@link ScoreStatistic} name
     * @param group the group, or "overall"
     * @param estimate value and interval
     */
    public record ScoreJson(String statistic, String group, EstimateJson estimate) {
    }

    /**
     * Counterfactual statistics.
     *
     * @param threshold the flip rate's decision threshold
     * @param pairs pairs measured
     * @param estimates every statistic overall and per group
     */
    public record CounterfactualJson(double threshold, long pairs, List<CounterfactualEstimateJson> estimates) {
    }

    /**
     * One counterfactual statistic.
     *
     * @param statistic a {@link CounterfactualFairness.Statistic} name
     * @param group the original texts' group, or "overall"
     * @param pairs the pairs it covers
     * @param estimate value and interval
     */
    public record CounterfactualEstimateJson(String statistic, String group, long pairs, EstimateJson estimate) {
    }

    /**
     * One threshold of the sweep.
     *
     * @param threshold the threshold
     * @param accuracy accuracy of all rows
     * @param headline the headline metric
     * @param tpr each group's TPR, in group order
     * @param fpr each group's FPR, in group order
     */
    public record SweepJson(double threshold, ValueJson accuracy, ValueJson headline, List<ValueJson> tpr,
            List<ValueJson> fpr) {
    }

    /** The JSON form of a computed report. */
    public static ReportJson of(FairnessReport report) {
        ReportInput in = report.input();
        Provenance p = in.provenance();
        ProvenanceJson provenance = new ProvenanceJson(p.model(), p.modelOrigin(), p.trainingSetup(), p.seed(),
                p.command(), p.created().toString(), in.evaluationData().attribute(), in.groups().names(),
                in.reference(), in.evaluationData().fingerprint(),
                in.trainingData() == null ? null : in.trainingData().fingerprint(), p.libraries());
        MetricSpec h = in.headline();
        HeadlineJson headline = new HeadlineJson(h.metric().name(), h.group(), h.group() == null ? null : in.reference(),
                h.label(in.reference()), in.groupPolicy().describe());
        BootstrapJson bootstrap = new BootstrapJson(in.replicates(), in.level(), p.seed(), METHOD);
        List<RunJson> runs = new ArrayList<>();
        for (RunResult r : report.runs()) {
            runs.add(run(r));
        }
        return new ReportJson(SCHEMA, in.title(), provenance, headline, bootstrap, in.evaluationData(),
                in.trainingData(), definitions(report), runs, in.trainingSweep() == null ? null
                : TrainingSweepJson.of(in.trainingSweep()));
    }

    /** The bootstrap method in a sentence. */
    static final String METHOD = "percentile bootstrap; each replicate resamples the test rows (or counterfactual "
            + "pairs) within each group with replacement, keeping group sizes; all values of a run share the "
            + "replicates; bounds are R-7 quantiles of the replicates where the value is defined";

    /** The report as indented JSON text. */
    public static String write(FairnessReport report) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(of(report))
                    + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("the report could not be turned into JSON", e);
        }
    }

    private static RunJson run(RunResult r) {
        RunInput run = r.run();
        List<EpochJson> epochs = new ArrayList<>();
        for (EpochMetrics e : run.epochs()) {
            epochs.add(new EpochJson(e.epoch(), e.step(), e.trainLoss(), ValueJson.of(e.accuracy()),
                    ValueJson.of(e.fairness())));
        }
        MetricFrame f = r.frame();
        List<GroupJson> groups = new ArrayList<>();
        for (GroupRates g : f.byGroup()) {
            groups.add(new GroupJson(g.group(), g.confusion().count(), g.belowMinSize(), g.confusion().tp(),
                    g.confusion().fp(), g.confusion().tn(), g.confusion().fn()));
        }
        List<RateJson> rates = new ArrayList<>();
        r.rates().forEach(x -> rates.add(new RateJson(x.group(), x.rate().name(), EstimateJson.of(x.interval()))));
        List<MetricJson> metrics = new ArrayList<>();
        r.metrics().forEach(m -> metrics.add(new MetricJson(m.metric().name(), m.metric().scope().name(), m.group(),
                m.reference(), m.metric().ideal(), EstimateJson.of(m.interval()))));
        List<ScoreJson> scores = new ArrayList<>();
        r.scores().forEach(s -> scores.add(new ScoreJson(s.statistic().name(), s.group(), EstimateJson.of(s.interval()))));
        CounterfactualJson cf = null;
        if (r.counterfactual() != null) {
            List<CounterfactualEstimateJson> est = new ArrayList<>();
            r.counterfactual().estimates().forEach(e -> est.add(new CounterfactualEstimateJson(e.statistic().name(),
                    e.group(), e.pairs(), EstimateJson.of(e.interval()))));
            cf = new CounterfactualJson(r.counterfactual().threshold(), r.counterfactual().pairs(), est);
        }
        ExplanationsJson explanations = null;
        if (r.explanations() != null) {
            List<ExplanationEstimateJson> est = new ArrayList<>();
            r.explanations().estimates().forEach(e -> est.add(new ExplanationEstimateJson(e.statistic().kind().name(),
                    e.statistic().scope().name(), e.statistic().name(), EstimateJson.of(e.interval()))));
            explanations = new ExplanationsJson(r.explanations().diagnostic().method(),
                    r.explanations().diagnostic().texts().size(), est);
        }
        List<SweepJson> sweep = new ArrayList<>();
        for (RunResult.SweepPoint s : r.sweep()) {
            sweep.add(new SweepJson(s.threshold(), ValueJson.of(s.accuracy()), ValueJson.of(s.headline()),
                    s.tpr().stream().map(ValueJson::of).toList(), s.fpr().stream().map(ValueJson::of).toList()));
        }
        double t = r.threshold();
        return new RunJson(run.name(), run.description(), run.penalties(), Double.isNaN(t) ? null : t, epochs,
                run.stepLosses(), new EvaluationJson(run.evaluation().size(), EstimateJson.of(r.headline()), groups,
                        rates, metrics, scores, cf, sweep, explanations), run.training(), r.collapse().reason(),
                r.headlineLeftOut(), PrivacySummary.privacy(run), AttackJson.of(run.membership()));
    }

    /** The definitions of everything the report holds, metrics first. */
    static List<Definition> definitions(FairnessReport report) {
        Set<FairnessMetric> metrics = EnumSet.noneOf(FairnessMetric.class);
        metrics.add(report.input().headline().metric());
        Set<ScoreStatistic> scores = EnumSet.noneOf(ScoreStatistic.class);
        boolean counterfactual = false;
        for (RunResult r : report.runs()) {
            r.metrics().forEach(m -> metrics.add(m.metric()));
            r.scores().forEach(s -> scores.add(s.statistic()));
            counterfactual |= r.counterfactual() != null;
        }
        Set<Definition> out = new LinkedHashSet<>();
        metrics.forEach(m -> out.add(m.definition()));
        RunResult.RATES.forEach(rate -> out.add(rate.definition()));
        scores.forEach(s -> out.add(s.definition()));
        if (counterfactual) {
            for (CounterfactualFairness.Statistic s : CounterfactualFairness.Statistic.values()) {
                out.add(s.definition());
            }
        }
        return List.copyOf(out);
    }
}
