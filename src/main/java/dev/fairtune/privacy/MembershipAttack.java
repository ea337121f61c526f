package dev.fairtune.privacy;

/**
 * A membership-inference attack that needs only per-example losses: it guesses "member" when an
 * example's score {@code s} is at least a threshold; higher scores mean "more likely a training row".
 */
public enum MembershipAttack {
    /**
     * Yeom et al. 2018, "Privacy Risk in Machine Learning: Analyzing the Connection to Overfitting":
     * {@code s = -loss(x)}; a training row tends to have a lower loss than an unseen one.
     */
    LOSS_THRESHOLD("loss threshold (Yeom et al. 2018)"),
    /**
     * Difficulty calibration without shadow models (Watson et al. 2022, "On the Importance of
     * Difficulty Calibration in Membership Inference Attacks"): {@code s = -(loss(x) -
     * loss_ref(x))}, with {@code loss_ref} the loss of a reference model that did not see the
     * training rows (here the model before fine-tuning, the pretrained encoder with the initial
     * head). It discounts examples that are easy (or hard) for any model, so what remains is what
     * fine-tuning changed.
     */
    CALIBRATED_LOSS("loss minus reference loss (Watson et al. 2022)");

    private final String description;

    MembershipAttack(String description) {
        this.description = description;
    }

    /** The attack's score in words, with its source. */
    public String description() {
        return description;
    }
}
