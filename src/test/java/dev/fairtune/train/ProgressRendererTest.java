package dev.fairtune.train;

import dev.fairtune.fairness.MetricSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.Value;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The progress display fits an 80-column terminal, and writes plain lines when not on a terminal. */
class ProgressRendererTest {

    private static final String LONG_METRIC = "equalized_odds_difference(muslim)";

    @Test
    void statusLineAt80ColumnsLeavesTheLastColumnFree() {
        ProgressRenderer r = new ProgressRenderer(80, "fpr_gap", 3);
        String line = r.statusLine(33, 64, 1, 0.41234, 0.8, 0.1, Double.NaN, 62);
        // 11 + 14 + 1 + 53 characters: the bar takes the 12 the fields leave
        assertEquals("train  51% [======>     ] 33/64 ep 2/3 loss 0.412 acc 0.800 fpr_gap 0.100 1m02s", line);
        assertEquals(79, line.length());
        assertFalse(line.contains("val"), "validation is not repeated on every step: " + line);
    }

    @Test
    void aPrivateRunShowsTheEpsilonSpent() {
        String line = new ProgressRenderer(100, "fpr_gap", 3).statusLine(33, 64, 1, 0.41234, 0.8, 0.1, 2.3149, 62);
        assertTrue(line.matches("train  51% \\[=+>? *\\] 33/64 ep 2/3 loss 0\\.412 acc 0\\.800 fpr_gap 0\\.100 eps 2\\.31 1m02s"), line);
        // at 80 columns the time and then the bar go first; the privacy spent stays
        String narrow = new ProgressRenderer(80, "fpr_gap", 3).statusLine(33, 64, 1, 0.41234, 0.8, 0.1, 2.3149, 62);
        assertEquals("train  51% 33/64 ep 2/3 loss 0.412 acc 0.800 fpr_gap 0.100 eps 2.31", narrow);
    }

    @Test
    void barFillsInProportion() {
        assertEquals("[=====>    ]", ProgressRenderer.bar(1, 2, 10));
        assertEquals("[==========]", ProgressRenderer.bar(64, 64, 10));
        assertEquals("[>         ]", ProgressRenderer.bar(0, 64, 10));
    }

    @Test
    void aLongMetricDropsTimeThenBarThenAccuracyBeforeCutting() {
        String fields = "1234/12000 ep 1/3 loss 0.500 acc 0.750 " + LONG_METRIC + " NaN";
        String wide = new ProgressRenderer(120, LONG_METRIC, 3).statusLine(1234, 12000, 0, 0.5, 0.75, Double.NaN, Double.NaN, 4000);
        assertEquals("train  10% " + ProgressRenderer.bar(1234, 12000, 23) + " " + fields + " 1h06m", wide);
        assertEquals(119, wide.length());

        String noBar = new ProgressRenderer(100, LONG_METRIC, 3).statusLine(1234, 12000, 0, 0.5, 0.75, Double.NaN, Double.NaN, 4000);
        assertEquals("train  10% " + fields, noBar);

        String at80 = new ProgressRenderer(80, LONG_METRIC, 3).statusLine(1234, 12000, 0, 0.5, 0.75, Double.NaN, Double.NaN, 4000);
        assertEquals("train  10% 1234/12000 ep 1/3 loss 0.500 " + LONG_METRIC + " NaN", at80);
        assertTrue(at80.length() <= 79);

        String tiny = new ProgressRenderer(30, LONG_METRIC, 0).statusLine(5, 10, 0, 0.5, 0.75, 0.25, Double.NaN, 1);
        assertEquals("train  50% 5/10 ep 1 loss 0.~", tiny);
        assertEquals(29, tiny.length());
    }

    @Test
    void evaluationLineIsCutOnlyOnATerminal() {
        ProgressRenderer r = new ProgressRenderer(80, LONG_METRIC, 0);
        Value undefined = Value.undefined(dev.fairtune.fairness.Reason.NO_ROWS, "muslim");
        String log = r.evaluationLine(32, 1, 0.7, 0.8, undefined, false);
        assertTrue(log.startsWith("validation at step 32 (epoch 2): loss 0.7000 acc 0.8000 " + LONG_METRIC + " NaN ("), log);
        assertTrue(log.length() > 79, log);
        String shown = r.evaluationLine(32, 1, 0.7, 0.8, undefined, true);
        assertEquals(79, shown.length(), shown);
        assertEquals(log.substring(0, 78), shown.substring(0, 78));
    }

    @Test
    void aCollapsedEvaluationIsFlaggedOnItsOwnLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBarListener l = new ProgressBarListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 0);
        TrainingState state = new FixedState(64);
        l.onStart(state, null);
        dev.fairtune.fairness.Collapse c = new dev.fairtune.fairness.Collapse(0, java.util.List.of(),
                "predicts the negative class for 100.0% of all rows");
        l.onEvaluation(new EvaluationRecord(8, 0, 0.7, 0.5, Value.of(0.5), Value.of(0), null, 0, false,
                java.util.List.of(), 0, null, c), state, null);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains(System.lineSeparator()
                + "  COLLAPSED: the model predicts the negative class for 100.0% of all rows; not selectable"));
    }

    @Test
    void notOnATerminalItWritesPlainLinesPerEvaluationAndEpoch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBarListener l = new ProgressBarListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 0);
        TrainingState state = new FixedState(64);
        l.onStart(state, null);
        for (int s = 1; s <= 32; s++) {
            l.onBatchEnd(new BatchRecord(s, 0, 0.5, 0.5, java.util.List.of(), 1e-5, 1, 8, 0.75, 0.1), state, null);
        }
        l.onEvaluation(new EvaluationRecord(32, 0, 0.4, 0.8, Value.of(0.9), Value.of(0.05), null, 0, true,
                java.util.List.of(), 0, null, null), state, null);
        l.onEpochEnd(new EpochRecord(0, 32, 0.45, 0.75, Value.of(0.1), 61.6, Double.NaN), state, null);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), text);
        assertEquals(String.join(System.lineSeparator(),
                "train: 64 optimizer steps in 2 epochs, monitoring fpr_gap",
                "validation at step 32 (epoch 1/2): loss 0.4000 acc 0.8000 fpr_gap 0.0500",
                "train epoch 1/2 done: step 32/64, mean loss 0.4500, acc 0.7500, fpr_gap 0.1000, 1m02s", ""), text);
    }

    @Test
    void onATerminalTheStatusLineIsRedrawnInPlaceAndFits() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBarListener l = new ProgressBarListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 80);
        TrainingState state = new FixedState(2);
        l.onStart(state, null);
        l.onBatchEnd(new BatchRecord(1, 0, 0.5, 0.5, java.util.List.of(), 1e-5, 1, 8, 0.75, 0.1), state, null);
        l.onEvaluation(new EvaluationRecord(1, 0, 0.4, 0.8, Value.of(0.9), Value.of(0.05), null, 0, true,
                java.util.List.of(), 0, null, null), state, null);
        l.onBatchEnd(new BatchRecord(2, 0, 0.5, 0.5, java.util.List.of(), 1e-5, 1, 8, 0.75, 0.1), state, null);
        l.onEnd(null);
        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = text.split(System.lineSeparator(), -1);
        assertEquals(3, lines.length, text);
        assertTrue(lines[0].startsWith("\rtrain  50% ["), lines[0]);
        assertTrue(lines[0].contains("\rvalidation at step 1 (epoch 1/2): loss 0.4000 acc 0.8000 fpr_gap 0.0500"), lines[0]);
        assertTrue(lines[1].startsWith("\rtrain 100% [="), lines[1]);
        assertFalse(lines[1].contains("validation"), lines[1]);
        for (String part : text.split("[\r\n]+")) {
            assertTrue(part.length() <= 79, part.length() + ": " + part);
        }
        assertEquals("", lines[2]);
    }

    @Test
    void columnsComeFromTextOrNotAtAll() {
        assertEquals(Optional.of(132), ProgressBarListener.parseColumns(" 132 "));
        assertEquals(Optional.empty(), ProgressBarListener.parseColumns("0"));
        assertEquals(Optional.empty(), ProgressBarListener.parseColumns("wide"));
        assertEquals(Optional.empty(), ProgressBarListener.parseColumns(null));
    }

    /** A run of 2 epochs of {@code total / 2} steps monitoring the FPR gap. */
    private record FixedState(long total) implements TrainingState {
        @Override
        public TrainerConfig config() {
            return TrainerConfig.builder().optEpochs(2).build();
        }

        @Override
        public long step() {
            return 0;
        }

        @Override
        public long totalSteps() {
            return total;
        }

        @Override
        public int epoch() {
            return 0;
        }

        @Override
        public int batchInEpoch() {
            return 0;
        }

        @Override
        public int batchesPerEpoch() {
            return (int) (total / 2);
        }

        @Override
        public java.util.List<String> penaltyNames() {
            return java.util.List.of();
        }

        @Override
        public java.util.List<Double> lambdas() {
            return java.util.List.of();
        }

        @Override
        public MetricSpec monitored() {
            return MetricSpec.of(dev.fairtune.fairness.FairnessMetric.FPR_GAP);
        }

        @Override
        public Optional<dev.fairtune.fairness.GroupConfusion> runningCounts() {
            return Optional.empty();
        }

        @Override
        public Optional<EvaluationRecord> lastEvaluation() {
            return Optional.empty();
        }

        @Override
        public Optional<EvaluationRecord> bestEvaluation() {
            return Optional.empty();
        }

        @Override
        public java.util.OptionalDouble epsilon() {
            return java.util.OptionalDouble.empty();
        }
    }
}
