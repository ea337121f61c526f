package dev.fairtune.train;

import ai.djl.nn.Parameter;

import dev.fairtune.model.Autograd;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A host copy of parameters' values, written back in place by {@link #restore()}: the best
 * evaluation's weights of a run without checkpoints, and the common starting weights of every run
 * of a sweep.
 */
public final class WeightSnapshot {

    private final Map<String, Parameter> parameters;
    private final Map<String, float[]> values = new LinkedHashMap<>();

    private WeightSnapshot(Map<String, Parameter> parameters) {
        this.parameters = Map.copyOf(parameters);
        parameters.forEach((n, p) -> values.put(n, p.getArray().toFloatArray()));
    }

    /** The current values of {@code parameters} (F32 arrays), by name. */
    public static WeightSnapshot of(Map<String, Parameter> parameters) {
        return new WeightSnapshot(parameters);
    }

    /** Writes the copied values back into the same parameters, without recording gradients. */
    public void restore() {
        try (Autograd.Mode g = Autograd.noGrad()) {
            parameters.forEach((n, p) -> p.getArray().set(FloatBuffer.wrap(values.get(n))));
        }
    }
}
