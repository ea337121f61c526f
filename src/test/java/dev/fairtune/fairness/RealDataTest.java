package dev.fairtune.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.data.Table;
import dev.fairtune.data.TableFormat;
import dev.fairtune.data.TableReadOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real data sets of ../shared/datasets (skipped where absent): the published COMPAS figure, and
 * per-group tables of Adult and German credit. Adult and German credit come with no predictions, so
 * these tests use transparent rules (stated below) as the predictions; the expected counts were
 * taken from the files with an independent script and are listed in docs/metrics.md.
 */
class RealDataTest {
    static final String COMPAS = "compas/derived_compas_two_years_propublica_filter_nopii.csv";

    /** COMPAS with label two_year_recid, prediction score_text other than Low, score decile_score. */
    static Observations compas() {
        Table t = Table.read(DataSets.file(COMPAS));
        String[] recid = t.column("two_year_recid");
        String[] text = t.column("score_text");
        String[] decile = t.column("decile_score");
        int n = t.rowCount();
        int[] label = new int[n];
        int[] pred = new int[n];
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            label[i] = "1".equals(recid[i]) ? 1 : 0;
            pred[i] = "Low".equals(text[i]) ? 0 : 1;
            score[i] = Double.parseDouble(decile[i]);
        }
        return Observations.builder().setGroups(Groups.fromColumn(t.column("race"))).setLabels(label)
                .optPredictions(pred).optScores(score).build();
    }

    @Test
    void compasPublishedAverageOddsDifference() {
        Observations obs = compas();
        assertEquals(6172, obs.size());
        MetricFrame f = MetricFrame.of(obs, "Caucasian");
        assertEquals(Confusion.of("African-American", 1188, 641, 873, 473), f.group("African-American").confusion());
        assertEquals(Confusion.of("Caucasian", 414, 282, 999, 408), f.group("Caucasian").confusion());
        assertEquals(641.0 / 1514, f.group("African-American").get(Rate.FPR).value(), 1e-15); // 0.423382
        assertEquals(282.0 / 1281, f.group("Caucasian").get(Rate.FPR).value(), 1e-15); // 0.220141
        assertEquals(1188.0 / 1661, f.group("African-American").get(Rate.TPR).value(), 1e-15); // 0.715232
        assertEquals(414.0 / 822, f.group("Caucasian").get(Rate.TPR).value(), 1e-15); // 0.503650
        assertEquals(0.203241, f.aggregate(Rate.FPR, Aggregation.DIFFERENCE, "African-American").value(), 5e-7);
        assertEquals(0.211582, f.aggregate(Rate.TPR, Aggregation.DIFFERENCE, "African-American").value(), 5e-7);
        assertEquals(0.207412, f.metric(FairnessMetric.AVERAGE_ODDS_DIFFERENCE, "African-American").value(), 5e-7);
        // The library API without the frame gives the same number; the other reference flips its sign.
        GroupConfusion c = obs.counts();
        int aa = c.groups().id("African-American");
        int cauc = c.groups().id("Caucasian");
        assertEquals(0.207412, FairnessMetric.AVERAGE_ODDS_DIFFERENCE.compute(c, aa, cauc).value(), 5e-7);
        assertEquals(-0.207412, FairnessMetric.AVERAGE_ODDS_DIFFERENCE.compute(c, cauc, aa).value(), 5e-7);
        // decile_score >= 5 is exactly score_text other than Low.
        Observations byScore = Observations.builder().setGroups(c.groups(), obs.group()).setLabels(obs.label())
                .optScores(obs.score()).optThreshold(5).build();
        GroupConfusionTest.assertSameCounts(c, byScore.counts());
        // Scores: decile AUCs exist for every race (all have both labels).
        for (GroupScores g : f.scores().byGroup()) {
            assertTrue(g.auc().isDefined(), g.toString());
        }
        assertTrue(f.scores().overallAuc().value() > 0.65 && f.scores().overallAuc().value() < 0.75);
        // Deciles 1..10 are no probabilities: calibration errors are undefined, with the reason.
        assertEquals(Reason.SCORE_OUT_OF_RANGE, f.scores().overallCalibrationError().reason());
    }

    @Test
    void compasIntersectionalCellsFlagSmallOnes() {
        Table t = Table.read(DataSets.file(COMPAS));
        GroupColumn cells = Groups.intersect(List.of(t.column("race"), t.column("sex")));
        assertEquals(12, cells.groups().size());
        assertEquals(List.of("Asian & Female", "Asian & Male", "Native American & Female", "Native American & Male"),
                cells.smallGroups(30));
        int[] label = new int[t.rowCount()];
        int[] pred = new int[t.rowCount()];
        String[] recid = t.column("two_year_recid");
        String[] text = t.column("score_text");
        for (int i = 0; i < label.length; i++) {
            label[i] = "1".equals(recid[i]) ? 1 : 0;
            pred[i] = "Low".equals(text[i]) ? 0 : 1;
        }
        GroupConfusion c = GroupConfusion.of(cells.groups(), cells.ids(), label, pred);
        MetricFrame f = MetricFrame.builder().setCounts(c).optReference("Caucasian & Male").optMinGroupSize(30).build();
        assertTrue(f.group("Asian & Female").belowMinSize());
        assertFalse(f.group("African-American & Male").belowMinSize());
        assertEquals(2626, f.group("African-American & Male").confusion().count());
    }

    /** Adult, label income >50K (with or without the test file's trailing "."), trimmed values. */
    private static Observations adult(String file, boolean weighted) {
        Table t = Table.read(DataSets.file("adult/" + file), TableReadOptions.builder().optFormat(TableFormat.CSV).build());
        int n = t.rowCount();
        // Adult separates fields with ", ": header names and values start with a space.
        String[] income = t.column(" Y");
        String[] education = t.column(" education-num");
        String[] fnlwgt = t.column(" fnlwgt");
        String[] sex = t.column(" sex");
        int[] label = new int[n];
        int[] pred = new int[n];
        double[] weight = new double[n];
        for (int i = 0; i < n; i++) {
            label[i] = income[i].trim().startsWith(">50K") ? 1 : 0;
            // The rule used as the prediction: a bachelor's degree or more (education-num >= 13).
            pred[i] = Integer.parseInt(education[i].trim()) >= 13 ? 1 : 0;
            weight[i] = Double.parseDouble(fnlwgt[i].trim());
            sex[i] = sex[i].trim();
        }
        return Observations.builder().setGroups(Groups.fromColumn(sex)).setLabels(label).optPredictions(pred)
                .optWeights(weighted ? weight : null).build();
    }

    @Test
    void adultPerGroupTables() {
        MetricFrame f = MetricFrame.of(adult("adult.data", false), "Male");
        assertEquals(32561, f.overall().confusion().count());
        assertEquals(Confusion.of("Female", 610, 1723, 7869, 569), f.group("Female").confusion());
        assertEquals(Confusion.of("Male", 3299, 2435, 12693, 3363), f.group("Male").confusion());
        assertEquals(1179.0 / 10771, f.group("Female").get(Rate.BASE_RATE).value(), 1e-12); // 0.109461
        assertEquals(6662.0 / 21790, f.group("Male").get(Rate.BASE_RATE).value(), 1e-12); // 0.305736
        assertEquals(0.21660012997864636 - 0.26314823313446534,
                f.metric(FairnessMetric.STATISTICAL_PARITY_DIFFERENCE, "Female").value(), 1e-12);
        assertTrue(f.toTable().contains("Female"));
        // With fnlwgt as sample weights: weighted base rates.
        MetricFrame w = MetricFrame.of(adult("adult.data", true), "Male");
        assertEquals(0.10824727275667373, w.group("Female").get(Rate.BASE_RATE).value(), 1e-12);
        assertEquals(0.3009500062028145, w.group("Male").get(Rate.BASE_RATE).value(), 1e-12);
        assertEquals(1473314304.0, w.group("Female").confusion().tnWeight());
        // The test file: labels end with "." there.
        MetricFrame test = MetricFrame.of(adult("adult.test", false), "Male");
        assertEquals(16281, test.overall().confusion().count());
        assertEquals(Confusion.of("Female", 328, 906, 3925, 262), test.group("Female").confusion());
        assertEquals(Confusion.of("Male", 1583, 1226, 6378, 1673), test.group("Male").confusion());
    }

    @Test
    void germanCreditPerGroupTables() throws IOException {
        Path file = DataSets.file("german_credit/credit-g.arff");
        ArffReader arff = new ArffReader(file);
        assertEquals(1000, arff.rows.size());
        String[] status = arff.column("personal_status");
        String[] checking = arff.column("checking_status");
        String[] credit = arff.column("class");
        String[] age = arff.column("age");
        int n = status.length;
        String[] sex = new String[n];
        String[] ageGroup = new String[n];
        int[] label = new int[n];
        int[] pred = new int[n];
        for (int i = 0; i < n; i++) {
            sex[i] = status[i].startsWith("female") ? "female" : "male";
            ageGroup[i] = Integer.parseInt(age[i]) > 25 ? "age > 25" : "age <= 25";
            label[i] = "good".equals(credit[i]) ? 1 : 0;
            // The rule used as the prediction: good unless the checking account is overdrawn ("<0").
            pred[i] = "<0".equals(checking[i]) ? 0 : 1;
        }
        MetricFrame bySex = MetricFrame.of(Observations.builder().setGroups(Groups.fromColumn(sex)).setLabels(label)
                .optPredictions(pred).build(), "male");
        assertEquals(Confusion.of("female", 159, 63, 46, 42), bySex.group("female").confusion());
        assertEquals(Confusion.of("male", 402, 102, 89, 97), bySex.group("male").confusion());
        assertEquals(0.7161290322580646 / 0.7304347826086957,
                bySex.metric(FairnessMetric.DISPARATE_IMPACT, "female").value(), 1e-12);
        MetricFrame byAge = MetricFrame.of(Observations.builder().setGroups(Groups.fromColumn(ageGroup))
                .setLabels(label).optPredictions(pred).build(), "age > 25");
        assertEquals(Confusion.of("age <= 25", 79, 43, 37, 31), byAge.group("age <= 25").confusion());
        assertEquals(Confusion.of("age > 25", 482, 122, 98, 108), byAge.group("age > 25").confusion());
        assertTrue(byAge.toTable().contains("age <= 25"));
    }
}
