package dev.fairtune.data.demo;

import java.util.Objects;

/**
 * Parameters of the demo data set's generative process (see {@link DemoDataset}). Build with
 * {@link #builder()}; only the seed is required.
 *
 * @param seed the seed; equal configurations give identical data sets
 * @param trainSize examples in the training split
 * @param validationSize examples in the validation split
 * @param testSize examples in the test split
 * @param identity the identity carrying the shortcut
 * @param positiveRate {@code p = P(abusive)} in every split
 * @param identityRate {@code q = P(group 1)} in every split
 * @param shortcutStrength {@code s = P(abusive | group 1)} in the training split (and in
 *     validation when it is biased); in the test split it is {@code p}, so label and group are
 *     independent there
 * @param ambiguousRate share of texts whose wording carries no label cue, so that only the
 *     shortcut predicts their training label
 * @param referenceMentionRate {@code P(reference term | group 0)}, independent of the label
 * @param biasedValidation whether validation follows the training distribution (true, the
 *     realistic case) or the test distribution
 */
public record DemoConfig(long seed, int trainSize, int validationSize, int testSize, DemoIdentity identity,
        double positiveRate, double identityRate, double shortcutStrength, double ambiguousRate,
        double referenceMentionRate, boolean biasedValidation) {

    /** Checks ranges and that the joint distribution exists. */
    public DemoConfig {
        Objects.requireNonNull(identity, "identity");
        if (trainSize < 1 || validationSize < 1 || testSize < 1) {
            throw new IllegalArgumentException("split sizes must be >= 1, got " + trainSize + ", " + validationSize
                    + ", " + testSize);
        }
        checkOpen("positiveRate", positiveRate);
        checkOpen("identityRate", identityRate);
        checkOpen("shortcutStrength", shortcutStrength);
        checkClosed("ambiguousRate", ambiguousRate);
        checkClosed("referenceMentionRate", referenceMentionRate);
        double pg1y1 = identityRate * shortcutStrength / positiveRate;
        double pg1y0 = identityRate * (1 - shortcutStrength) / (1 - positiveRate);
        if (pg1y1 > 1 || pg1y0 > 1) {
            throw new IllegalArgumentException("no distribution has P(abusive)=" + positiveRate + ", P(group 1)="
                    + identityRate + " and P(abusive | group 1)=" + shortcutStrength + "; lower identityRate");
        }
    }

    private static void checkOpen(String name, double v) {
        if (!(v > 0 && v < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), got " + v);
        }
    }

    private static void checkClosed(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }

    /** A builder with the defaults listed on its methods. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link DemoConfig}. */
    public static final class Builder {
        private Long seed;
        private int trainSize = 2000;
        private int validationSize = 500;
        private int testSize = 1000;
        private DemoIdentity identity = DemoIdentity.RELIGION;
        private double positiveRate = 0.5;
        private double identityRate = 0.3;
        private double shortcutStrength = 0.85;
        private double ambiguousRate = 0.4;
        private double referenceMentionRate = 0.3;
        private boolean biasedValidation = true;

        private Builder() {}

        /** The seed (required). */
        public Builder setSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Split sizes (default 2000 / 500 / 1000). */
        public Builder optSizes(int train, int validation, int test) {
            this.trainSize = train;
            this.validationSize = validation;
            this.testSize = test;
            return this;
        }

        /** The identity carrying the shortcut (default {@link DemoIdentity#RELIGION}). */
        public Builder optIdentity(DemoIdentity identity) {
            this.identity = identity;
            return this;
        }

        /** P(abusive) (default 0.5). */
        public Builder optPositiveRate(double positiveRate) {
            this.positiveRate = positiveRate;
            return this;
        }

        /** P(group 1) (default 0.3). */
        public Builder optIdentityRate(double identityRate) {
            this.identityRate = identityRate;
            return this;
        }

        /** P(abusive | group 1) in training (default 0.85). */
        public Builder optShortcutStrength(double shortcutStrength) {
            this.shortcutStrength = shortcutStrength;
            return this;
        }

        /** Share of texts without a label cue (default 0.4). */
        public Builder optAmbiguousRate(double ambiguousRate) {
            this.ambiguousRate = ambiguousRate;
            return this;
        }

        /** P(reference term | group 0) (default 0.3). */
        public Builder optReferenceMentionRate(double referenceMentionRate) {
            this.referenceMentionRate = referenceMentionRate;
            return this;
        }

        /** Whether validation follows the training distribution (default true). */
        public Builder optBiasedValidation(boolean biasedValidation) {
            this.biasedValidation = biasedValidation;
            return this;
        }

        /** @throws IllegalArgumentException when the seed is unset or a parameter is out of range */
        public DemoConfig build() {
            if (seed == null) {
                throw new IllegalArgumentException("setSeed(seed) is required");
            }
            return new DemoConfig(seed, trainSize, validationSize, testSize, identity, positiveRate, identityRate,
                    shortcutStrength, ambiguousRate, referenceMentionRate, biasedValidation);
        }
    }
}
