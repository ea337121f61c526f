package dev.fairtune.train;

import ai.djl.nn.Parameter;

import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Freezing;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which classifier parameters train before each step: the trainer's base {@link Freezing} (frozen
 * for the whole run) and gradual unfreezing ({@link TrainerConfig.Schedule#unfreezeEverySteps()}).
 * Without either, freezing stays as the classifier has it. Only parameters whose state changes are
 * touched.
 */
final class Unfreezing {

    private final BertClassifier classifier;
    private final Freezing base;
    private final long interval;
    private boolean[] frozen;

    /** For {@code classifier}, with base freezing {@code base} (null for none) and an unfreezing interval (0: off). */
    Unfreezing(BertClassifier classifier, Freezing base, long interval) {
        this.classifier = classifier;
        this.base = base;
        this.interval = interval;
    }

    /** What is frozen for the first step, in words ({@link Layers#describeFrozen}); changes nothing. */
    String describeStart() {
        int numLayers = classifier.config().numLayers();
        Map<String, Parameter> params = classifier.namedParameters();
        Set<String> frozenNames = new HashSet<>();
        params.forEach((name, p) -> {
            boolean f = base == null && interval == 0 ? !p.requiresGradient()
                    : (base != null && base.selects(name)) || Layers.frozenByUnfreezing(name, numLayers, 0, interval);
            if (f) {
                frozenNames.add(name);
            }
        });
        return Layers.describeFrozen(frozenNames, params.keySet(), numLayers);
    }

    /** Sets freezing for the step after {@code done} completed steps. */
    void apply(long done) {
        if (base == null && interval == 0) {
            return;
        }
        int numLayers = classifier.config().numLayers();
        Map<String, Parameter> params = classifier.namedParameters();
        if (frozen == null) {
            frozen = new boolean[params.size()];
            int i = 0;
            for (Parameter p : params.values()) {
                frozen[i++] = !p.requiresGradient();
            }
        }
        int i = 0;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            boolean f = (base != null && base.selects(e.getKey()))
                    || Layers.frozenByUnfreezing(e.getKey(), numLayers, done, interval);
            if (f != frozen[i]) {
                e.getValue().freeze(f);
                frozen[i] = f;
            }
            i++;
        }
    }
}
