package dev.fairtune.cli;

import dev.fairtune.data.TextDataset;
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
     * Runs the audit of the model in {@code model} and prints one line per attack.
     *
     * @param nonMembers the evaluated rows (their predictions by the model in {@code nonMemberPredictions})
     */
    MembershipAudit.Result run(Path model, int maxLength, TextDataOptions data, TextDataset nonMembers,
            Predictions nonMemberPredictions, String attribute, long seed, PrintWriter out) {
        TextDataset train = data.read(members).dataset();
        double[] memberLoss;
        double[] nonMemberLoss;
        double[][] ref = null;
        try (NDManager m = NDManager.newBaseManager()) {
            try (Scorer scorer = Scorer.load(model, maxLength)) {
                memberLoss = scorer.score(train, false).predictions().crossEntropies(train.labels(), m);
            }
            nonMemberLoss = nonMemberPredictions.crossEntropies(nonMembers.labels(), m);
            if (reference != null) {
                try (Scorer scorer = Scorer.load(reference, maxLength)) {
                    ref = new double[][] {scorer.score(train, false).predictions().crossEntropies(train.labels(), m),
                        scorer.score(nonMembers, false).predictions().crossEntropies(nonMembers.labels(), m)};
                }
            }
        }
        MembershipAudit.Builder b = MembershipAudit.builder().setMemberLosses(memberLoss).setNonMemberLosses(nonMemberLoss)
                .optGroups(nonMembers.attribute(attribute).groups(), train.groups(attribute), nonMembers.groups(attribute))
                .optReplicates(replicates).optSeed(seed);
        if (ref != null) {
            b.optReferenceLosses(ref[0], ref[1]);
        }
        MembershipAudit.Result result = b.build().run();
        for (AttackResult a : result.overall()) {
            out.println(String.format(Locale.ROOT, "membership audit, %s: attack AUC %.3f [%.3f, %.3f], advantage %.3f "
                    + "(%d members, %d non-members; 0.5 and 0 are chance)", a.attack().description(), a.auc().value(),
                    a.aucLower().value(), a.aucUpper().value(), a.advantage().value(), a.members(), a.nonMembers()));
        }
        return result;
    }
}
