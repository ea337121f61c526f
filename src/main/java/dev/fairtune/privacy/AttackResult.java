package dev.fairtune.privacy;

import dev.fairtune.fairness.Value;

/**
 * One attack's success on one set of members and non-members, each figure with a percentile
 * bootstrap interval.
 *
 * @param attack the attack
 * @param group the group these rows belong to, or {@code "overall"}
 * @param members the training rows scored
 * @param nonMembers the held-out rows scored
 * @param auc the attack's ROC AUC: {@code P(s_member > s_nonmember) + 0.5 P(=)}, 0.5 is chance, 1
 *     total leakage; undefined without members or non-members
 * @param aucLower the lower bound of its interval
 * @param aucUpper the upper bound
 * @param advantage Yeom's membership advantage at the best threshold, {@code max_t (TPR(t) -
 *     FPR(t))} with TPR the share of members and FPR the share of non-members scoring at least t;
 *     in [0, 1], 0 for no leakage (the extreme thresholds give 0, so it is never negative); an
 *     epsilon-DP model bounds it by {@code e^epsilon - 1} (Yeom et al., Theorem 1)
 * @param advantageLower the lower bound of its interval
 * @param advantageUpper the upper bound
 * @param threshold the score threshold where the advantage is reached (NaN when undefined)
 */
public record AttackResult(MembershipAttack attack, String group, int members, int nonMembers, Value auc,
        Value aucLower, Value aucUpper, Value advantage, Value advantageLower, Value advantageUpper, double threshold) {
}
