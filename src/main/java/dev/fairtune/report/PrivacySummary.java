package dev.fairtune.report;

import dev.fairtune.privacy.AttackResult;
import dev.fairtune.privacy.MembershipAudit;
import dev.fairtune.report.Findings.Format;
import dev.fairtune.train.TrainingProvenance;

import java.util.ArrayList;
import java.util.List;

/**
 * What a report says about a run's privacy, in one place for the HTML report and the model card:
 * the DP-SGD guarantee ({@link TrainingProvenance.PrivacyInfo#describe()}: epsilon, delta, q, sigma,
 * C, steps, and whether it is proven) and the membership-inference audit (each attack's AUC and
 * advantage with their intervals).
 */
final class PrivacySummary {

    private PrivacySummary() {}

    /** Whether any run is private or audited. */
    static boolean any(FairnessReport report) {
        return report.runs().stream().anyMatch(r -> privacy(r.run()) != null || r.run().membership() != null);
    }

    /** The run's privacy guarantee in one sentence, or null when it was not trained with DP-SGD here. */
    static String privacy(RunInput run) {
        TrainingProvenance.PrivacyInfo p = run.training() == null ? null : run.training().privacy();
        return p == null ? null : p.describe();
    }

    /** One sentence per attack of the run's audit (overall), empty without one. */
    static List<String> audit(RunInput run) {
        List<String> out = new ArrayList<>();
        MembershipAudit.Result a = run.membership();
        if (a == null) {
            return out;
        }
        for (AttackResult r : a.overall()) {
            out.add(r.attack().description() + ": attack AUC " + interval(r.auc(), r.aucLower(), r.aucUpper())
                    + ", advantage " + interval(r.advantage(), r.advantageLower(), r.advantageUpper()) + " ("
                    + r.members() + " members, " + r.nonMembers() + " non-members; 0.5 and 0 are chance)");
        }
        return out;
    }

    private static String interval(dev.fairtune.fairness.Value v, dev.fairtune.fairness.Value lo,
            dev.fairtune.fairness.Value hi) {
        return v.isDefined() ? Format.number(v.value()) + " [" + Format.number(lo.value()) + ", "
                + Format.number(hi.value()) + "]" : Format.value(v);
    }
}
