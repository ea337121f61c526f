package dev.fairtune.train;

import dev.fairtune.fairness.MetricSpec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import dev.fairtune.data.Example;
import dev.fairtune.data.GroupAttribute;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.identity.CounterfactualRewriter;
import dev.fairtune.data.identity.IdentityLexicon;
import dev.fairtune.fairness.Collapse;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.Value;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.BatchSlots;
import dev.fairtune.text.TextEncoder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Each part of the trainer on its own, with fixtures small enough to check by hand. */
class TrainerPartsTest {

    @TempDir
    Path dir;

    /** Ten rows: labels 1,0,1,0,..., groups a,a,b,b,a,a,b,b,a,a; row 2 and 3 name "muslim", row 6 "christian". */
    static TextDataset ten() {
        List<Example> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String text = i == 2 || i == 3 ? "the muslim neighbour " + i : i == 6 ? "a christian view " + i : "plain text " + i;
            rows.add(Example.of(text, i % 2 == 0 ? 1 : 0, (i / 2) % 2));
        }
        return new TextDataset("ten", List.of("neg", "pos"), List.of(GroupAttribute.of("g", "a", "b")), rows);
    }

    static TrainerConfig.Batching batching(int size, TrainerConfig.BatchOrder order, boolean reweighing) {
        return new TrainerConfig.Batching(size, 1, 8, 16, order, reweighing, false);
    }

    @Test
    void feederShufflesEveryRowOncePerEpochAsAFunctionOfSeedAndEpoch() {
        TextDataset data = ten();
        BatchFeeder f = new BatchFeeder(data, data.groups("g"), 2, 1, batching(4, TrainerConfig.BatchOrder.SHUFFLED, false), 7, null, null, 0);
        assertEquals(3, f.batchesPerEpoch(), "ceil(10 / 4)");
        List<int[]> e0 = f.epoch(0);
        assertEquals(List.of(4, 4, 2), e0.stream().map(b -> b.length).toList());
        int[] all = e0.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, all);
        BatchFeeder again = new BatchFeeder(data, data.groups("g"), 2, 1, batching(4, TrainerConfig.BatchOrder.SHUFFLED, false), 7, null, null, 0);
        assertArrayEquals(e0.get(0), again.epoch(0).get(0), "same seed and epoch, same order");
        assertFalse(Arrays.equals(e0.stream().flatMapToInt(Arrays::stream).toArray(),
                f.epoch(1).stream().flatMapToInt(Arrays::stream).toArray()), "another epoch, another order");
    }

    /** Rows whose texts have 1 to 40 words, labels and groups alternating. */
    static TextDataset uneven(int n) {
        List<Example> rows = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < n; i++) {
            rows.add(Example.of("word ".repeat(1 + rnd.nextInt(40)).trim(), i % 2, (i / 2) % 2));
        }
        return new TextDataset("uneven", List.of("neg", "pos"), List.of(GroupAttribute.of("g", "a", "b")), rows);
    }

    @Test
    void lengthBucketsKeepEveryRowOnceAndEachBatchsStrataAndCutPadding() throws IOException {
        TextDataset data = uneven(200);
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 2);
                TextEncoder text = TextEncoder.builder(model).optMaxLength(64).build()) {
            for (TrainerConfig.BatchOrder order : TrainerConfig.BatchOrder.values()) {
                TrainerConfig.Batching plain = batching(8, order, false);
                TrainerConfig.Batching buckets = new TrainerConfig.Batching(8, 1, 8, 64, order, false, true);
                BatchFeeder random = new BatchFeeder(data, data.groups("g"), 2, 1, plain, 3, null, text, 0);
                BatchFeeder bucketed = new BatchFeeder(data, data.groups("g"), 2, 1, buckets, 3, null, text, 0);
                int[] groups = data.groups("g");
                int[] labels = data.labels();
                for (int e = 0; e < 2; e++) {
                    List<int[]> before = random.epoch(e);
                    List<int[]> after = bucketed.epoch(e);
                    assertArrayEquals(before.stream().flatMapToInt(Arrays::stream).sorted().toArray(),
                            after.stream().flatMapToInt(Arrays::stream).sorted().toArray(), order + ": the same rows");
                    // Every batch keeps the strata counts of a batch of the unbucketed order (a multiset of batches).
                    List<String> strataBefore = new ArrayList<>();
                    List<String> strataAfter = new ArrayList<>();
                    for (int[] b : before) {
                        strataBefore.add(strata(b, groups, labels, order));
                    }
                    for (int[] b : after) {
                        strataAfter.add(strata(b, groups, labels, order));
                    }
                    strataBefore.sort(null);
                    strataAfter.sort(null);
                    assertEquals(strataBefore, strataAfter, order + ": batch sizes and strata counts kept");
                    assertTrue(padded(after, text, data) < 0.7 * padded(before, text, data),
                            order + ": far fewer padded tokens");
                    assertArrayEquals(after.get(3), new BatchFeeder(data, data.groups("g"), 2, 1, buckets, 3, null, text, 0)
                            .epoch(e).get(3), "a function of the seed and the epoch");
                }
            }
        }
    }

    /** A batch's size and, when stratified, its count of each group x label. */
    private static String strata(int[] batch, int[] groups, int[] labels, TrainerConfig.BatchOrder order) {
        if (order == TrainerConfig.BatchOrder.SHUFFLED) {
            return String.valueOf(batch.length);
        }
        int[] c = new int[4];
        for (int r : batch) {
            c[groups[r] * 2 + labels[r]]++;
        }
        return Arrays.toString(c);
    }

    /** Tokens computed when each batch is padded to its longest text. */
    private static long padded(List<int[]> batches, TextEncoder text, TextDataset data) {
        long total = 0;
        for (int[] b : batches) {
            List<String> texts = new ArrayList<>();
            for (int r : b) {
                texts.add(data.get(r).text());
            }
            total += (long) b.length * text.encode(texts).length();
        }
        return total;
    }

    @Test
    void poissonBatchesHoldEachRowWithProbabilityQ() {
        // 10 rows, batch 4: q = 0.4 and ceil(10 / 4) = 3 batches per epoch, each row drawn afresh per batch
        TextDataset data = ten();
        BatchFeeder f = new BatchFeeder(data, data.groups("g"), 2, 1, batching(4, TrainerConfig.BatchOrder.SHUFFLED, false), 7,
                null, null, 0.4);
        long rows = 0;
        int[] seen = new int[10];
        for (int e = 0; e < 500; e++) {
            List<int[]> batches = f.epoch(e);
            assertEquals(3, batches.size());
            for (int[] b : batches) {
                assertEquals(b.length, Arrays.stream(b).distinct().count(), "a row joins a batch at most once");
                rows += b.length;
                Arrays.stream(b).forEach(i -> seen[i]++);
            }
        }
        // 1500 batches: mean size q N = 4 (standard error sqrt(0.24 * 10 / 1500) = 0.04); each row in 40% of them
        assertEquals(4.0, rows / 1500.0, 0.15);
        for (int c : seen) {
            assertEquals(0.4, c / 1500.0, 0.05);
        }
        assertArrayEquals(f.epoch(3).get(1), f.epoch(3).get(1), "a function of the seed and the epoch");
    }

    @Test
    void feederFillsTheSlotsWithWeightsAndTwins() {
        TextDataset data = ten();
        // reweighing: cell (a, 1) holds rows 0, 4, 8 of 6 in group a with 3 positives of 5 overall:
        // w = P(g) P(y) / P(g, y) = (6/10)(5/10)/(3/10) = 1.0; cell (b, 1): rows 2, 6 -> (4/10)(5/10)/(2/10) = 1.0
        BatchFeeder f = new BatchFeeder(data, data.groups("g"), 2, 1, batching(10, TrainerConfig.BatchOrder.SHUFFLED, true), 1,
                CounterfactualRewriter.of(IdentityLexicon.builtIn()), null, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            int[] idx = {0, 2, 3, 6};
            NDList labels = f.labels(idx, m);
            assertArrayEquals(new long[] {1, 1, 0, 1}, labels.get(BatchSlots.LABELS).toLongArray());
            assertArrayEquals(new long[] {0, 1, 1, 1}, labels.get(BatchSlots.GROUPS).toLongArray());
            assertArrayEquals(new float[] {1f, 1f, 1f, 1f}, labels.get(BatchSlots.WEIGHTS).toFloatArray(), 1e-6f);
            assertArrayEquals(new long[] {1, 2, 3}, labels.get(BatchSlots.COUNTERFACTUAL_INDEX).toLongArray(),
                    "rows 2, 3 and 6 (positions 1-3) have twins; row 0 does not");
        }
        BatchFeeder plain = new BatchFeeder(data, data.groups("g"), 2, 1, batching(10, TrainerConfig.BatchOrder.SHUFFLED, false), 1, null, null, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList labels = plain.labels(new int[] {0, 1}, m);
            assertFalse(BatchSlots.isPresent(labels, BatchSlots.WEIGHTS), "all weights 1 and no reweighing: no slot");
        }
    }

    @Test
    void monitorCountsArgmaxPredictionsAndRestoresThroughMerge() {
        Groups groups = Groups.of(List.of("a", "b"));
        int[] labels = {1, 0, 1, 0};
        int[] gid = {0, 0, 1, 1};
        BatchMonitor m = new BatchMonitor(groups, labels, gid, 2, 1);
        assertTrue(Double.isNaN(m.accuracy()), "no rows yet");
        // rows 0..3 predicted 1, 1, 0, 0 (row 3 ties: the lowest index, class 0)
        m.add(new int[] {0, 1, 2, 3}, new float[] {0f, 2f, -1f, 1f, 3f, 0f, 0.5f, 0.5f});
        assertEquals(0.5, m.accuracy(), "rows 0 and 3 right");
        GroupConfusion c = m.counts();
        assertEquals(1, c.count(0, GroupConfusion.TP));
        assertEquals(1, c.count(0, GroupConfusion.FP));
        assertEquals(1, c.count(1, GroupConfusion.FN));
        assertEquals(1, c.count(1, GroupConfusion.TN));
        BatchMonitor.State state = m.state();
        BatchMonitor restored = new BatchMonitor(groups, labels, gid, 2, 1);
        restored.restore(state);
        assertArrayEquals(c.cellCounts(), restored.counts().cellCounts());
        assertEquals(0.5, restored.accuracy());
        m.reset();
        assertEquals(0, m.counts().totalCount());
    }

    static EvaluationRecord eval(long step, double objective, boolean met, double violation) {
        return new EvaluationRecord(step, 0, 0.5, 0.8, Value.of(0.9), Value.of(0.1), Value.of(0.1), violation, met,
                List.of(1.0), objective, null, null);
    }

    static EvaluationRecord collapsedEval(long step, double objective) {
        Collapse c = new Collapse(0.0, List.of(), "predicts the negative class for 100.0% of all rows");
        return new EvaluationRecord(step, 0, 0.5, 0.8, Value.of(0.5), Value.of(0), Value.of(0), 0, false,
                List.of(1.0), objective, null, c);
    }

    @Test
    void aCollapsedEvaluationIsNeverSelectedNorAnImprovement() {
        TrainerConfig.Evaluation patience1 = new TrainerConfig.Evaluation(0,
                SelectionObjective.of(SelectionObjective.Primary.AUC), 1, 0.0, true, true);
        Selection s = new Selection(false, patience1);
        assertFalse(s.offer(collapsedEval(1, 0.99)), "however high its objective");
        assertTrue(s.best().isEmpty());
        assertTrue(s.shouldStop(), "no improvement");
        assertTrue(s.describe(null, List.of(collapsedEval(1, 0.99))).startsWith("every evaluation predicted (nearly) one"
                + " class (last: predicts the negative class"));
        assertTrue(s.offer(eval(2, 0.6, false, Double.NaN)));
        assertFalse(s.offer(collapsedEval(3, 0.99)));
        assertEquals(2, s.best().orElseThrow().step());
        Selection t = new Selection(true, patience1);
        t.offer(eval(1, 0.6, false, 0.2));
        assertFalse(t.offer(collapsedEval(2, 0.9)), "a collapsed model does not beat a miss of the target");
    }

    @Test
    void selectionPrefersObjectiveThenTargetAndStopsAfterPatience() {
        TrainerConfig.Evaluation patience2 = new TrainerConfig.Evaluation(0,
                SelectionObjective.of(SelectionObjective.Primary.AUC), 2, 0.01, true, true);
        Selection s = new Selection(false, patience2);
        assertTrue(s.offer(eval(1, 0.70, false, Double.NaN)));
        assertTrue(s.offer(eval(2, 0.75, false, Double.NaN)));
        assertTrue(s.offer(eval(3, 0.755, false, Double.NaN)), "higher is better, however little");
        assertEquals(3, s.best().orElseThrow().step());
        assertFalse(s.shouldStop(), "one evaluation without an improvement of more than 0.01");
        assertFalse(s.offer(eval(4, 0.70, false, Double.NaN)), "lower is not better");
        assertTrue(s.shouldStop(), "two in a row");

        Selection t = new Selection(true, patience2);
        t.offer(eval(1, 0.90, false, 0.20));
        assertTrue(t.offer(eval(2, 0.60, false, 0.05)), "closer to the bound wins while none meets it");
        assertTrue(t.offer(eval(3, 0.50, true, 0)), "meeting the target beats any miss");
        assertFalse(t.offer(eval(4, 0.95, false, 0.01)));
        assertTrue(t.offer(eval(5, 0.55, true, 0)), "among those that meet it, the objective decides");
        List<EvaluationRecord> seen = List.of(eval(1, 0.90, false, 0.20), eval(2, 0.60, false, 0.05),
                eval(3, 0.50, true, 0), eval(4, 0.95, false, 0.01), eval(5, 0.55, true, 0));
        Selection back = new Selection(true, patience2);
        back.restore(t.state(), seen);
        assertEquals(5, back.best().orElseThrow().step());
        assertFalse(back.offer(eval(6, 0.54, true, 0)));
        assertNull(new Selection(false, patience2).best().orElse(null));
    }

    @Test
    void predictorSortsBatchesByLengthButReturnsRowOrder() throws IOException {
        TextDataset data = uneven(23);
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 2);
                TextEncoder text = TextEncoder.builder(model).optMaxLength(64).build()) {
            BertClassifier c = TinyModels.classifier(model, List.of("neg", "pos"), 2);
            float[][] sorted = Predictor.logits(model, c, text, data, 4);
            int[] order = Predictor.longestFirst(data.examples());
            assertTrue(data.get(order[0]).text().length() >= data.get(order[22]).text().length(), "longest first");
            for (int i = 0; i < data.size(); i++) {
                float[] alone = Predictor.logits(model, c, text, data.subset("one", new int[] {i}), 1)[0];
                assertArrayEquals(alone, sorted[i], 1e-5f, "row " + i + " in row order, unpadded or padded alike");
            }
        }
    }

    @Test
    void evaluatorMeasuresWithTheOnePredictionRule() throws IOException {
        TextDataset data = ten();
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 2);
                TextEncoder text = TextEncoder.builder(model).optMaxLength(16).build()) {
            BertClassifier c = TinyModels.classifier(model, List.of("neg", "pos"), 2);
            TrainerConfig config = TrainerConfig.builder().optEvalBatchSize(3).build();
            Groups groups = Groups.of(List.of("a", "b"));
            MetricSpec fpr = MetricSpec.of(FairnessMetric.FPR_GAP);
            EvaluationRecord r = new Evaluator(model, c, data, "g", groups, 0, config, fpr, null, null)
                    .evaluate(text, 7, 1, List.of());
            Predictions p = Predictions.of(Predictor.logits(model, c, text, data, 10), 1);
            assertEquals(p.accuracy(data.labels()), r.accuracy(), 1e-12);
            assertEquals(p.meanCrossEntropy(data.labels(), model.manager()), r.loss(), 1e-6); // batches of 3 vs 10: float32 logits differ in the last bits
            GroupConfusion counts = p.observations(data, "g").counts();
            assertEquals(10, counts.totalCount());
            assertEquals(fpr.compute(counts, 0).value(), r.metric().value());
            assertEquals(7, r.step());
            assertEquals(-r.loss(), r.objective(), 1e-12, "the default objective is minus the loss");
        }
    }

    @Test
    void checkpointStateRoundTripsAndRefusesOtherData() throws IOException {
        TrainingProvenance provenance = new TrainingProvenance("m", List.of("neg", "pos"), "train", "fp-train", 10, "val", "fp-val", 5, "g",
                List.of("a", "b"), "a", List.of(), null, "fpr_gap", TrainerConfig.builder().build(), "all layers trained", List.of(), "2026-12-03T19:00:00Z", null, null);
        CheckpointState state = new CheckpointState(CheckpointState.FORMAT, 4, 1, 2, List.of(0.5),
                new Selection.State(1, 0.7, 0), "checkpoint-4", new BatchMonitor.State(new long[] {1, 0, 2, 3, 0, 0, 1, 1}, 5, 8),
                1.25, 1, "fp-train", "fp-val", new TrainingHistory(provenance, List.of(), List.of(), List.of()));
        Path ckpt = dir.resolve("checkpoint-4");
        java.nio.file.Files.createDirectories(ckpt);
        Json.MAPPER.writeValue(ckpt.resolve(Checkpointer.STATE).toFile(), state);
        CheckpointState read = CheckpointState.read(ckpt);
        assertArrayEquals(state.monitor().counts(), read.monitor().counts());
        assertEquals(state.selection(), read.selection());
        assertEquals(state.history().provenance().config(), read.history().provenance().config());
        read.checkResumable(ckpt, provenance, TrainerConfig.builder().optEvalBatchSize(3).build(), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read.checkResumable(ckpt, provenance, TrainerConfig.builder().optSeed(1).build(), 1));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
        TrainingProvenance other = new TrainingProvenance("m", List.of("neg", "pos"), "train", "changed", 10, "val", "fp-val", 5, "g",
                List.of("a", "b"), "a", List.of(), null, "fpr_gap", TrainerConfig.builder().build(), "all layers trained", List.of(), "2026-12-03T19:00:00Z", null, null);
        e = assertThrows(IllegalArgumentException.class, () -> read.checkResumable(ckpt, other, provenance.config(), 1));
        assertTrue(e.getMessage().contains("fingerprints differ"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> read.checkResumable(ckpt, provenance, provenance.config(), 2));
        assertTrue(e.getMessage().contains("same penalties"), e.getMessage());
        assertNotEquals(1, CheckpointState.FORMAT);
    }
}
