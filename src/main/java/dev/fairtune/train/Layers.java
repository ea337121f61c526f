package dev.fairtune.train;

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
