package dev.fairtune.examples;

import dev.fairtune.data.Table;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.GroupColumn;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.stats.Bootstrap;
import dev.fairtune.fairness.stats.BootstrapInterval;
import dev.fairtune.report.DataSummary;
import dev.fairtune.report.FairnessReport;
import dev.fairtune.report.Provenance;
import dev.fairtune.report.ReportInput;
import dev.fairtune.report.ReportWriter;
import dev.fairtune.report.RunInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures the fairness of predictions you already have: reads a CSV of labels, predictions, scores
 * and groups, prints every metric, one metric's bootstrap interval, and writes the full report.
 *
 * <p>Arguments (all optional): the CSV (default {@code data/predictions.csv}, columns
 * {@code group,label,prediction,score}) and the report folder (default {@code target/measure-predictions}).
 * The bundled file is the two-group example of docs/metrics.md, so the printed numbers can be
 * checked by hand: group A has TP 3, FP 1, TN 4, FN 2; group B has TP 1, FP 3, TN 3, FN 1; B's
 * average odds difference against A is ((FPR_B - FPR_A) + (TPR_B - TPR_A)) / 2
 * = ((1/2 - 1/5) + (1/2 - 3/5)) / 2 = 0.1.
 */
public final class MeasurePredictions {
    private MeasurePredictions() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "data/predictions.csv");
        Path out = Path.of(args.length > 1 ? args[1] : "target/measure-predictions");

        // 1. Read the file (a DataException names the file and line of any bad record).
        Table table = Table.read(file);
        int n = table.rowCount();
        int[] label = new int[n];
        int[] prediction = new int[n];
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            label[i] = Integer.parseInt(table.get(i, "label"));
            prediction[i] = Integer.parseInt(table.get(i, "prediction"));
            score[i] = Double.parseDouble(table.get(i, "score"));
        }
        GroupColumn groups = Groups.fromColumn(table.column("group"));
        Observations obs = Observations.builder().setGroups(groups).setLabels(label).optPredictions(prediction)
                .optScores(score).build();

        // 2. Every rate and metric; signed metrics compare each group with the reference group A.
        MetricFrame frame = MetricFrame.of(obs, "A");
        System.out.println(frame.toTable());
        System.out.println("AVERAGE_ODDS_DIFFERENCE of B vs A: " + frame.metric(FairnessMetric.AVERAGE_ODDS_DIFFERENCE, "B"));

        // 3. How sure is that number? A bootstrap interval that resamples rows within each group.
        int a = groups.groups().id("A");
        int b = groups.groups().id("B");
        BootstrapInterval ci = Bootstrap.interval(obs, FairnessMetric.AVERAGE_ODDS_DIFFERENCE.versus(b, a), 2000, 0.95, 42);
        System.out.println("95% interval: [" + ci.lower() + ", " + ci.upper() + "] (" + n + " rows: very wide)");

        // 4. The report: report.json, report.html (charts), model-card.md.
        RunInput run = RunInput.builder().setName("my model").setEvaluation(obs)
                .optDescription("predictions read from " + file.getFileName()).build();
        ReportInput input = ReportInput.builder()
                .setTitle("Fairness of my model's predictions")
                .setProvenance(Provenance.builder().setModel("my model", "predictions file " + file).optSeed(42).build())
                .setEvaluationData(DataSummary.of(file.getFileName().toString(), null, List.of("0", "1"), "group", obs))
                .addRun(run)
                .optReference("A")
                .build();
        List<Path> written = ReportWriter.write(FairnessReport.compute(input), out);
        System.out.println("Report: " + written);
    }
}
