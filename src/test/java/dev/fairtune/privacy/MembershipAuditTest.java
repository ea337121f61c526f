package dev.fairtune.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.fairness.Reason;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The attacks on hand-made losses whose AUC and advantage are worked out here. */
class MembershipAuditTest {

    @Test
    void lossThresholdOnAHandWorkedExample() {
        // members' losses 0.1, 0.2, 0.9; non-members' 0.3, 0.8, 1.0. Scores are -loss.
        // Member-beats-non-member pairs: 0.1 beats all 3, 0.2 beats all 3, 0.9 beats 1.0 only: 7 of 9,
        // so AUC = 7/9. Thresholds from the top: after 0.1, 0.2 TPR 2/3, FPR 0 -> advantage 2/3 (the best;
        // after 0.3: 2/3 - 1/3, after 0.8: 2/3 - 2/3, after 0.9: 1 - 2/3, after 1.0: 0).
        MembershipAudit.Result r = MembershipAudit.builder()
                .setMemberLosses(new double[] {0.1, 0.2, 0.9})
                .setNonMemberLosses(new double[] {0.3, 0.8, 1.0})
                .optReplicates(200)
                .build().run();
        AttackResult a = r.overall(MembershipAttack.LOSS_THRESHOLD).orElseThrow();
        assertEquals(7.0 / 9, a.auc().value(), 1e-12);
        assertEquals(2.0 / 3, a.advantage().value(), 1e-12);
        assertEquals(-0.2, a.threshold(), 1e-12);
        assertTrue(a.aucLower().value() <= a.auc().value() && a.auc().value() <= a.aucUpper().value());
        assertTrue(r.overall(MembershipAttack.CALIBRATED_LOSS).isEmpty(), "no reference losses, no calibrated attack");
    }

    @Test
    void tiesCountOneHalfAndAThresholdTakesThemTogether() {
        // every loss equal: AUC 1/2 (all ties), advantage 0 (one threshold takes everyone)
        MembershipAudit.Result r = MembershipAudit.builder()
                .setMemberLosses(new double[] {0.5, 0.5})
                .setNonMemberLosses(new double[] {0.5, 0.5, 0.5})
                .optReplicates(10)
                .build().run();
        AttackResult a = r.overall().get(0);
        assertEquals(0.5, a.auc().value(), 1e-12);
        assertEquals(0.0, a.advantage().value(), 1e-12);
    }

    @Test
    void calibrationRemovesPerExampleDifficulty() {
        // Each example has a difficulty d (its reference loss); fine-tuning lowers members' losses by 0.05.
        // Difficulty varies far more than the effect, so the plain attack is near chance while the
        // calibrated one separates perfectly: loss - reference is -0.05 for members and 0 for the others.
        Random rnd = new Random(1);
        int n = 400;
        double[] refM = new double[n];
        double[] refN = new double[n];
        double[] lossM = new double[n];
        double[] lossN = new double[n];
        for (int i = 0; i < n; i++) {
            refM[i] = 0.2 + 2 * rnd.nextDouble();
            refN[i] = 0.2 + 2 * rnd.nextDouble();
            lossM[i] = refM[i] - 0.05;
            lossN[i] = refN[i];
        }
        MembershipAudit.Result r = MembershipAudit.builder()
                .setMemberLosses(lossM).setNonMemberLosses(lossN)
                .optReferenceLosses(refM, refN)
                .optReplicates(200)
                .build().run();
        double plain = r.overall(MembershipAttack.LOSS_THRESHOLD).orElseThrow().auc().value();
        AttackResult calibrated = r.overall(MembershipAttack.CALIBRATED_LOSS).orElseThrow();
        assertTrue(plain < 0.6, "plain attack " + plain);
        assertEquals(1.0, calibrated.auc().value(), 1e-12);
        assertEquals(1.0, calibrated.advantage().value(), 1e-12);
    }

    @Test
    void perGroupResultsAndAnEmptyGroupIsNaNWithItsReason() {
        MembershipAudit.Result r = MembershipAudit.builder()
                .setMemberLosses(new double[] {0.1, 0.2, 0.9, 0.4})
                .setNonMemberLosses(new double[] {0.3, 0.8, 1.0})
                .optGroups(List.of("a", "b", "c"), new int[] {0, 0, 1, 1}, new int[] {0, 1, 1})
                .optReplicates(50)
                .build().run();
        assertEquals(3, r.byGroup().size());
        AttackResult a = r.byGroup().get(0);
        // group a: members 0.1, 0.2 vs non-member 0.3: both beat it
        assertEquals(1.0, a.auc().value(), 1e-12);
        // group b: members 0.9, 0.4 vs 0.8, 1.0: 0.9 beats 1.0; 0.4 beats both -> 3 of 4
        assertEquals(0.75, r.byGroup().get(1).auc().value(), 1e-12);
        AttackResult c = r.byGroup().get(2);
        assertFalse(c.auc().isDefined());
        assertEquals(Reason.NO_ROWS, c.auc().reason());
    }

    @Test
    void badInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MembershipAudit.builder()
                .setMemberLosses(new double[] {Double.NaN}).setNonMemberLosses(new double[] {1}).build());
        assertThrows(IllegalArgumentException.class, () -> MembershipAudit.builder()
                .setMemberLosses(new double[] {1}).setNonMemberLosses(new double[] {1})
                .optGroups(List.of("a"), new int[] {1}, new int[] {0}).build());
    }
}
