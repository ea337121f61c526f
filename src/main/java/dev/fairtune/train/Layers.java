package dev.fairtune.train;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Depth of a classifier parameter, by its HuggingFace name, for layer-wise learning-rate decay
 * and gradual unfreezing. With L encoder layers: embeddings 0, {@code bert.encoder.layer.i.*} i +
 * 1, everything else (pooler, classification head, an adversary) L + 1.
 */
final class Layers {

    private static final Pattern LAYER = Pattern.compile("^bert\\.encoder\\.layer\\.(\\d+)\\.");

    private Layers() {}

    static int depth(String name, int numLayers) {
        if (name.startsWith("bert.embeddings.")) {
            return 0;
        }
        Matcher m = LAYER.matcher(name);
        if (m.find()) {
            return Integer.parseInt(m.group(1)) + 1;
        }
        return numLayers + 1;
    }

    /**
     * Which depths are frozen, in words: "all layers trained", "embeddings frozen", "embeddings and
     * layers 0-3 frozen", "the encoder frozen" (every depth below the head), or the count of frozen
     * tensors when the choice is not a run of whole depths from the bottom.
     *
     * @param frozen the HuggingFace names of the frozen parameters
     * @param all the names of every parameter
     */
    static String describeFrozen(java.util.Set<String> frozen, java.util.Collection<String> all, int numLayers) {
        if (frozen.isEmpty()) {
            return "all layers trained";
        }
        // the pooler belongs with the last encoder layer here, so that a frozen encoder reads as one
        java.util.function.ToIntFunction<String> depth = n -> n.startsWith("bert.pooler.") ? numLayers
                : depth(n, numLayers);
        int top = -1;
        boolean whole = true;
        for (int d = 0; d <= numLayers && whole; d++) {
            int at0 = d;
            List<String> at = all.stream().filter(n -> depth.applyAsInt(n) == at0).toList();
            boolean allFrozen = !at.isEmpty() && frozen.containsAll(at);
            boolean noneFrozen = at.stream().noneMatch(frozen::contains);
            if (allFrozen && top == d - 1) {
                top = d;
            } else if (!noneFrozen) {
                whole = false;
            }
        }
        long aboveTop = frozen.stream().filter(n -> depth.applyAsInt(n) > numLayers).count();
        if (!whole || top < 0 || aboveTop > 0) {
            return frozen.size() + " of " + all.size() + " parameter tensors frozen";
        }
        return top == 0 ? "embeddings frozen" : top == numLayers ? "the encoder frozen"
                : top == 1 ? "embeddings and layer 0 frozen" : "embeddings and layers 0-" + (top - 1) + " frozen";
    }

    /** The learning-rate factor {@code decay^(L + 1 - depth)}. */
    static ToDoubleFunction<String> rateScale(double decay, int numLayers) {
        if (decay == 1.0) {
            return name -> 1.0;
        }
        return name -> Math.pow(decay, numLayers + 1 - depth(name, numLayers));
    }

    /**
     * Whether gradual unfreezing keeps {@code name} frozen before step {@code step} (0 for the
     * first): the top {@code floor(step / interval)} groups below the head are open.
     */
    static boolean frozenByUnfreezing(String name, int numLayers, long step, long interval) {
        if (interval <= 0) {
            return false;
        }
        long open = step / interval;
        return depth(name, numLayers) < numLayers + 1 - open;
    }
}
