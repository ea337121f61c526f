package dev.fairtune.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A parameter store that makes per-example gradients cheap (DP-SGD's "ghost clipping", Li et al.
 * 2021, and the book-keeping of Bu et al. 2022). Passed to {@link BertClassifier#forward}, it
 * changes every linear and LayerNorm layer whose weight or bias trains: the layer runs with its
 * parameters detached from autograd, and a zero "probe" P with gradient is added to its output, y =
 * f(x) + P. After a backward pass of the summed per-example losses, {@code P.getGradient()} is the
 * gradient G of the loss with respect to the layer's output, and the layer's (detached) input is
 * kept, so the caller can form each example's parameter gradient from (input, G) without autograd
 * ever materialising it:
 *
 * <pre>
 *   linear y = x Wᵀ + b, x: (T, d) per example:   dW_i = G_iᵀ X_i,  db_i = Σ_t G_i[t]
 *   LayerNorm y = x̂ ∘ γ + β:                      dγ_i = Σ_t G_i[t] ∘ x̂_i[t],  dβ_i = Σ_t G_i[t]
 * </pre>
 *
 * (the {@link Site}'s input is X for a linear layer and x̂, the normalised input, for a LayerNorm).
 * Since no parameter requires a gradient in the tapped forward, backward computes only activation
 * gradients. A parameter that trains but is read anywhere else (the embedding tables) cannot be
 * tapped: {@link #getValue} refuses it. Frozen parameters are handed out as they are.
 *
 * <p>Examples must not interact in the forward pass (true of BERT: attention stays within an
 * example and LayerNorm is per token); they may interact in the loss. One tap serves one forward
 * pass; its arrays live in the manager it is given (the micro-batch's).
 */
public final class GradientTap extends ParameterStore {

    /** The kind of a tapped layer. */
    public enum Kind {
        /** {@code y = x Wᵀ + b}; the site's input is x. */
        LINEAR,
        /** {@code y = x̂ ∘ γ + β} over the last axis; the site's input is x̂. */
        LAYER_NORM
    }

    /**
     * One tapped layer application.
     *
     * @param kind the layer's kind
     * @param weight its weight (W or γ)
     * @param bias its bias (b or β)
     * @param input the layer's input (x, or x̂ for a LayerNorm), detached: (B, T, d) or (B, d)
     * @param probe the zero probe added to the output: (B, T, p) or (B, p); after backward its
     *     gradient is G
     */
    public record Site(Kind kind, Parameter weight, Parameter bias, NDArray input, NDArray probe) {}

    private final NDManager manager;
    private final List<Site> sites = new ArrayList<>();

    /** A tap whose arrays are created in {@code manager}. */
    public GradientTap(NDManager manager) {
        super(manager, false);
        this.manager = manager;
    }

    /** The layers tapped so far, in forward order. */
    public List<Site> sites() {
        return Collections.unmodifiableList(sites);
    }

    /**
     * A frozen parameter's array.
     *
     * @throws IllegalStateException for a parameter that trains: only linear and LayerNorm layers
     *     can be tapped (freeze the embeddings for DP-SGD)
     */
    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        if (parameter == null) {
            return null;
        }
        if (parameter.requiresGradient()) {
            throw new IllegalStateException("parameter " + parameter.getName() + " trains but is not in a linear or"
                    + " LayerNorm layer, so its per-example gradient cannot be taken: freeze it for DP-SGD (for the"
                    + " embeddings, Freezing.embeddings())");
        }
        return parameter.getArray();
    }

    /** A tapped linear layer (see the class comment). */
    NDArray linear(NDArray x, Parameter w, Parameter b) {
        NDArray y = Linear.linear(x, detached(w), detached(b)).singletonOrThrow();
        return tapped(Kind.LINEAR, w, b, x, y);
    }

    /** A tapped LayerNorm over the last axis of size {@code h}. */
    NDArray layerNorm(NDArray x, Parameter gamma, Parameter beta, long h, float eps) {
        NDArray ones = manager.ones(new Shape(h));
        NDArray zeros = manager.zeros(new Shape(h));
        NDArray xhat = LayerNorm.layerNorm(x, new Shape(h), ones, zeros, eps).singletonOrThrow();
        NDArray y = xhat.mul(detached(gamma)).add(detached(beta));
        return tapped(Kind.LAYER_NORM, gamma, beta, xhat, y);
    }

    private NDArray tapped(Kind kind, Parameter w, Parameter b, NDArray input, NDArray y) {
        NDArray probe = manager.zeros(y.getShape());
        probe.setRequiresGradient(true);
        NDArray in = input.stopGradient();
        in.attach(manager);
        sites.add(new Site(kind, w, b, in, probe));
        return y.add(probe);
    }

    private NDArray detached(Parameter p) {
        NDArray d = p.getArray().stopGradient();
        d.attach(manager);
        return d;
    }
}
