package dev.fairtune.train;

/**
 * Slots of the labels {@link ai.djl.ndarray.NDList} a training step hands to its loss. Only
 * {@link #LABELS} is required; a loss reads further slots when they are present.
 */
public final class LabelSlots {

    /** Class index per example, (B) int64. */
    public static final int LABELS = 0;
    /** Group id per example (for fairness penalties), (B) int64. */
    public static final int GROUP_IDS = 1;
    /** Weight per example, (B) float32. */
    public static final int SAMPLE_WEIGHTS = 2;

    private LabelSlots() {}
}
