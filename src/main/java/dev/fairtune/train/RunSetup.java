package dev.fairtune.train;

import dev.fairtune.fairness.MetricSpec;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;

import dev.fairtune.data.GroupAttribute;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.identity.CounterfactualRewriter;
import dev.fairtune.data.identity.IdentityLexicon;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.Groups;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.FairnessAwareLoss;
import dev.fairtune.penalty.FairnessPenalty;
import dev.fairtune.privacy.RdpAccountant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link FairTrainer#fit} call trains, checked before anything runs: the data sets (both
 * non-empty, the classifier's labels, the same group attribute), the groups and reference group,
 * the monitored metric, the composite loss (the fixed penalties, then the target's surrogate) and
 * the run's provenance.
 *
 * @param train the training set
 * @param validation the validation set
 * @param attribute the group attribute whose ids travel with the batches
 * @param groups its groups
 * @param reference the reference group's id
 * @param monitored the metric shown per step and per evaluation
 * @param loss the composite loss
 * @param targetIndex the target surrogate's index in the loss; -1 without a target
 * @param provenance the provenance (its end time unset; its privacy, for a DP-SGD run, holds sigma)
 */
record RunSetup(TextDataset train, TextDataset validation, String attribute, Groups groups, int reference,
        MetricSpec monitored, FairnessAwareLoss loss, int targetIndex, TrainingProvenance provenance) {

    private static final Logger LOG = LoggerFactory.getLogger(RunSetup.class);

    /**
     * Checks the data against the classifier and settings and builds the loss.
     *
     * @param attributeName the chosen group attribute, or null for the data set's only one
     * @param monitoredChoice the chosen monitored metric, or null for the target's (else equalized odds)
     * @param frozen what is frozen for the first step, in words
     * @throws IllegalArgumentException when the data do not fit the classifier, each other, or the metrics
     */
    static RunSetup of(PretrainedModel model, BertClassifier classifier, TrainerConfig config, TextDataset train,
            TextDataset validation, String attributeName, List<FairnessPenalty> penalties, List<Double> lambdas,
            LagrangianTarget target, MetricSpec monitoredChoice, String frozen) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("the training and validation sets must not be empty: " + train + ", "
                    + validation);
        }
        int classes = classifier.labels().size();
        for (TextDataset d : List.of(train, validation)) {
            if (d.numClasses() != classes) {
                throw new IllegalArgumentException(d.name() + " has " + d.numClasses() + " labels " + d.labelNames()
                        + " but the classifier has " + classes + " " + classifier.labels());
            }
        }
        if (config.positiveClass() >= classes) {
            throw new IllegalArgumentException("positive class " + config.positiveClass() + " is not one of the "
                    + classes + " classes " + classifier.labels());
        }
        String attribute = attributeOf(train, attributeName);
        GroupAttribute groupAttribute = train.attribute(attribute);
        if (!validation.attribute(attribute).equals(groupAttribute)) {
            throw new IllegalArgumentException("attribute '" + attribute + "' differs between " + train.name() + " ("
                    + groupAttribute.groups() + ") and " + validation.name() + " ("
                    + validation.attribute(attribute).groups() + ")");
        }
        Groups groups = Groups.of(groupAttribute.groups());
        int reference = groupAttribute.reference();
        MetricSpec monitored = monitoredChoice != null ? monitoredChoice
                : target != null ? target.metric() : MetricSpec.of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE);
        monitored.check(groups, reference);
        if (target != null) {
            target.metric().check(groups, reference);
        }
        SelectionObjective objective = config.evaluation().objective();
        if (objective.fairness() != null) {
            objective.fairness().check(groups, reference);
        }
        FairnessAwareLoss.Builder lb = FairnessAwareLoss.builder().setNumGroups(groups.size()).optReference(reference);
        for (int i = 0; i < penalties.size(); i++) {
            lb.addPenalty(penalties.get(i), lambdas.get(i));
        }
        if (target != null) {
            lb.addPenalty(target.surrogate(), target.initialLambda());
        }
        FairnessAwareLoss loss = lb.build();
        int targetIndex = target == null ? -1 : penalties.size();
        List<TrainingProvenance.PenaltyInfo> p = new ArrayList<>();
        for (int i = 0; i < loss.getPenalties().size(); i++) {
            FairnessPenalty pen = loss.getPenalties().get(i);
            p.add(new TrainingProvenance.PenaltyInfo(pen.name(), pen.approximates().name(), loss.getLambda(i), i == targetIndex));
        }
        TrainingProvenance provenance = new TrainingProvenance(model.origin(), classifier.labels(), train.name(), train.fingerprint(), train.size(),
                validation.name(), validation.fingerprint(), validation.size(), attribute, groups.names(),
                groups.name(reference), p, target == null ? null : target.toString(), monitored.key(), config,
                frozen, versions(), TrainingProvenance.now(), null, privacy(config, train.size(), loss));
        return new RunSetup(train, validation, attribute, groups, reference, monitored, loss, targetIndex, provenance);
    }

    /**
     * A DP-SGD run's privacy plan: {@code q = min(1, batchSize / N)}, the planned steps ({@code
     * ceil(N / batchSize)} per epoch, or the step budget) and sigma, given or found for the target
     * epsilon by {@link RdpAccountant#noiseMultiplier}; null without privacy.
     *
     * @throws IllegalArgumentException when a penalty needs counterfactual twins, or no sigma
     *     reaches the target
     */
    private static TrainingProvenance.PrivacyInfo privacy(TrainerConfig config, int n, FairnessAwareLoss loss) {
        TrainerConfig.Privacy dp = config.privacy();
        if (dp == null) {
            return null;
        }
        for (FairnessPenalty pen : loss.getPenalties()) {
            if (pen.needsCounterfactualTwins()) {
                throw new IllegalArgumentException("penalty " + pen.name() + " cannot be used with DP-SGD: it needs"
                        + " counterfactual twins, two rows per example, which per-example clipping cannot bound");
            }
        }
        int batch = config.batching().batchSize();
        double q = Math.min(1.0, batch / (double) n);
        long steps = config.schedule().totalSteps((n + batch - 1) / batch);
        double sigma = Double.isNaN(dp.noiseMultiplier())
                ? RdpAccountant.noiseMultiplier(dp.targetEpsilon(), dp.delta(), q, steps) : dp.noiseMultiplier();
        double planned = RdpAccountant.guarantee(q, sigma, steps, dp.delta()).epsilon();
        LOG.info("DP-SGD: q {}, sigma {}, C {}, {} steps: epsilon {} at delta {}", q, sigma, dp.clipNorm(), steps, planned,
                dp.delta());
        return new TrainingProvenance.PrivacyInfo(dp.delta(), q, sigma, dp.clipNorm(), dp.sampling(), steps, planned, 0, 0,
                RdpAccountant.Conversion.BALLE_2020.name(), loss.getPenalties().stream().map(FairnessPenalty::name).toList());
    }

    /** The DP-SGD gradient of this run (the caller closes it); null for a non-private run. */
    DpSgd dpSgd() {
        TrainingProvenance.PrivacyInfo p = provenance.privacy();
        return p == null ? null : new DpSgd(p.clipNorm(), p.noiseMultiplier(), p.samplingRate(), train.size(), p.delta(),
                provenance.config().privacy().dropout());
    }

    /** The Poisson sampling rate of the batches: DP-SGD's q with Poisson sampling, else 0 (shuffled batches). */
    double poissonRate() {
        TrainingProvenance.PrivacyInfo p = provenance.privacy();
        return p != null && p.sampling() == TrainerConfig.Sampling.POISSON ? p.samplingRate() : 0;
    }

    /**
     * The rewriter of the counterfactual twins when a penalty needs them: {@code given}, else the
     * built-in identity lexicon's; null when no penalty needs twins.
     */
    CounterfactualRewriter twinRewriter(CounterfactualRewriter given) {
        if (loss.getPenalties().stream().noneMatch(FairnessPenalty::needsCounterfactualTwins)) {
            return null;
        }
        if (given != null) {
            return given;
        }
        LOG.info("a penalty needs counterfactual twins: swapping the terms of the built-in identity lexicon");
        return CounterfactualRewriter.of(IdentityLexicon.builtIn());
    }

    /** The parameters the penalties own (an adversary's), created now from the engine's seed, named {@code penalty<i>.<name>}. */
    Map<String, Parameter> penaltyParameters(NDManager manager) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        List<FairnessPenalty> all = loss.getPenalties();
        for (int i = 0; i < all.size(); i++) {
            String prefix = "penalty" + i + ".";
            all.get(i).trainableParameters(manager, DataType.FLOAT32).forEach((n, p) -> out.put(prefix + n, p));
        }
        return out;
    }

    /**
     * The run's training step: this loss, {@code adamW} on a linear warm-up and decay over {@code
     * totalSteps}, gradient clipping, layer-wise rates, the penalties' own parameters, dropout from
     * the seed, counting from {@code startStep} (a resumed run's); with a {@code cache} (else
     * null), the logits from its cached lower-layer states; with {@code dp} (not null) DP-SGD's
     * per-example clipping and noise instead of the global clipping.
     */
    TrainingStep trainingStep(BertClassifier classifier, TrainerConfig config, AdamW adamW,
            Map<String, Parameter> own, long totalSteps, long startStep, FrozenLayerCache cache, DpSgd dp) {
        TrainerConfig.Optimizer o = config.optimizer();
        TrainingStep.Builder b = TrainingStep.builder();
        if (dp != null && !own.isEmpty()) {
            throw new IllegalArgumentException("a penalty trains parameters of its own " + own.keySet() + " (an "
                    + "adversary): their per-example gradients are not clipped, so it cannot be used with DP-SGD");
        }
        if (dp != null && cache != null) {
            throw new IllegalArgumentException("DP-SGD taps each trainable layer of a full forward pass, so it does not "
                    + "run on the frozen-layer cache: train the private run without the cache");
        }
        if (cache != null) {
            b.optForward(cache::logits);
        }
        if (dp != null) {
            b.optPrivacy(dp);
        }
        return b
                .setModel(classifier)
                .setOptimizer(adamW)
                .setSchedule(LearningRateSchedule.linearWarmupDecay(
                        o.learningRate(), Math.min(config.schedule().warmupSteps(), totalSteps), totalSteps))
                .setLoss(loss)
                .optClipping(new GradientClipping(o.maxGradNorm()))
                .optRateScale(Layers.rateScale(o.layerwiseDecay(), classifier.config().numLayers()))
                .optExtraParameters(own)
                .optSeed(config.seed())
                .optStartStep(startStep)
                .build();
    }

    /** The penalties and their weights in words, for the log. */
    String describeLambdas() {
        if (loss.getPenalties().isEmpty()) {
            return "none (cross-entropy only)";
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < loss.getPenalties().size(); i++) {
            out.add(loss.getPenalties().get(i).name() + " x " + loss.getLambda(i));
        }
        return String.join(", ", out);
    }

    /** The penalties' names, in the loss's order. */
    List<String> penaltyNames() {
        return loss.getPenalties().stream().map(FairnessPenalty::name).toList();
    }

    /**
     * Refuses data a classifier cannot learn or be measured on: a training or validation set
     * without both classes (all counts 0 for one label, so every rate and gap is undefined or a
     * silent 0), or, when the loss has a fairness penalty, a group of the training set without both
     * classes (the penalty's per-group rates are then undefined for that group).
     *
     * @throws IllegalArgumentException naming the data set, the class or group, and the counts
     */
    void checkBothClasses() {
        for (TextDataset d : List.of(train, validation)) {
            int[] counts = d.labelCounts();
            for (int c = 0; c < counts.length; c++) {
                if (counts[c] == 0) {
                    throw new IllegalArgumentException(d.name() + " has no example of class '" + d.labelNames().get(c)
                            + "' (label counts " + countsText(d.labelNames(), counts) + "); a classifier needs both "
                            + "classes to learn and every rate and gap needs both to be defined: add examples of "
                            + "that class, check the label mapping, or build the trainer with "
                            + "optAllowSingleClass(true) to train anyway");
                }
            }
        }
        if (loss.getPenalties().isEmpty()) {
            return;
        }
        int[][] byGroup = train.groupLabelCounts(train.attributeIndex(attribute));
        for (int g = 0; g < byGroup.length; g++) {
            for (int c = 0; c < byGroup[g].length; c++) {
                if (byGroup[g][c] == 0) {
                    throw new IllegalArgumentException(train.name() + ": group '" + groups.names().get(g) + "' of '"
                            + attribute + "' has no example of class '" + train.labelNames().get(c) + "' (label counts "
                            + countsText(train.labelNames(), byGroup[g]) + "), so the penalty cannot compare its "
                            + "rates with the other groups': add examples, merge the group, or build the trainer with "
                            + "optAllowSingleClass(true) to train anyway");
                }
            }
        }
    }

    private static String countsText(List<String> names, int[] counts) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < counts.length; c++) {
            s.append(c == 0 ? "" : ", ").append(names.get(c)).append(' ').append(counts[c]);
        }
        return s.toString();
    }

    private static String attributeOf(TextDataset data, String chosen) {
        if (chosen != null) {
            data.attributeIndex(chosen);
            return chosen;
        }
        if (data.attributes().size() != 1) {
            throw new IllegalArgumentException("data set " + data.name() + " has " + data.attributes().size()
                    + " group attributes: choose one with optGroupAttribute(name)");
        }
        return data.attributes().get(0).name();
    }

    private static List<String> versions() {
        return List.of(
                "java " + System.getProperty("java.version"),
                "djl " + Optional.ofNullable(Engine.class.getPackage().getImplementationVersion()).orElse("unknown"),
                "engine " + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion(),
                "fairtune " + Optional.ofNullable(FairTrainer.class.getPackage().getImplementationVersion()).orElse("dev"));
    }
}
