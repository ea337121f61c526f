package dev.fairtune.cli;

import dev.fairtune.job.EvaluationJob;
import dev.fairtune.model.ModelSource;
import dev.fairtune.privacy.AttackResult;
import dev.fairtune.privacy.MembershipAudit;
import dev.fairtune.train.Predictions;

import ai.djl.ndarray.NDManager;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * A membership-inference audit in {@code fairtune evaluate} ({@link MembershipAudit}): the model's
 * training rows (members) against the evaluated rows, which must be held out (non-members).
 */
final class PrivacyAuditOptions {
    @Option(names = "--privacy-audit", paramLabel = "FILE", description = "Membership-inference audit: FILE holds rows "
            + "the model was trained on (members; same columns as --input), and the --input rows, which it must not "
            + "have seen, are the non-members. Prints and reports the loss-threshold attack's AUC and advantage.")
    Path members;

    @Option(names = "--audit-reference", paramLabel = "DIR", description = "A classifier that saw neither file (for "
            + "example the model before fine-tuning): adds the attack calibrated by its losses.")
    Path reference;

    @Option(names = "--audit-replicates", paramLabel = "N", defaultValue = "1000",
            description = "Bootstrap replicates of the audit's intervals (default: ${DEFAULT-VALUE}).")
    int replicates;

    /**
     * Whether an audit was asked for.
     *
     * @throws IllegalArgumentException when {@code --audit-reference} is given without {@code --privacy-audit}
     */
    boolean requested() {
        if (members == null && reference != null) {
            throw new IllegalArgumentException("--audit-reference needs --privacy-audit FILE (the model's training rows)");
        }
        return members != null;
    }

    /**
     * Adds the audit to an evaluation: the members read with the evaluation's columns, the
     * reference classifier from {@code --audit-reference}.
     */
    void apply(EvaluationJob.Builder job, TextDataOptions data) {
        if (requested()) {
            job.optMembershipAudit(data.read(members).dataset(),
                    reference == null ? null : ModelSource.directory(reference), replicates);
        }
    }

    /** Prints one line per attack. */
    static void print(MembershipAudit.Result result, PrintWriter out) {
        for (AttackResult a : result.overall()) {
            out.println(String.format(Locale.ROOT, "membership audit, %s: attack AUC %.3f [%.3f, %.3f], advantage %.3f "
                    + "(%d members, %d non-members; 0.5 and 0 are chance)", a.attack().description(), a.auc().value(),
                    a.aucLower().value(), a.aucUpper().value(), a.advantage().value(), a.members(), a.nonMembers()));
        }
    }
}
