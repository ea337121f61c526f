package dev.fairtune.explain;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.HashMap;
import java.util.Map;

/**
 * A parameter store that hands out the parameters detached from autograd (views of the same
 * memory, held in {@code manager}), so a backward pass computes gradients for the input
 * embeddings only and leaves the parameters' accumulated gradients untouched.
 */
final class DetachedParameters extends ParameterStore {
    private final NDManager manager;
    private final Map<String, NDArray> detached = new HashMap<>();

    DetachedParameters(NDManager manager) {
        super(manager, false);
        this.manager = manager;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        if (parameter == null) {
            return null;
        }
        return detached.computeIfAbsent(parameter.getId(), id -> {
            NDArray d = parameter.getArray().stopGradient();
            d.attach(manager);
            return d.getDevice().equals(device) ? d : d.toDevice(device, false);
        });
    }
}
