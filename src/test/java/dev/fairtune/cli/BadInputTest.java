package dev.fairtune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input files through the command line: each stops with exit code 1 and one message naming the
 * file and the line (or is skipped and counted with --skip-bad-rows), gives command-line advice
 * rather than Java advice, and leaves no output file behind. The data are read before any model is
 * loaded, so no model is needed here.
 */
class BadInputTest {
    @TempDir
    Path dir;

    private Path out() {
        return dir.resolve("out");
    }

    /** evaluate on a file; the model folder does not exist, so reaching the model is exit code 3. */
    private CliRun evaluate(Path file, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("evaluate", "--model", dir.resolve("no-model").toString(),
                "-i", file.toString(), "--predictions", out().resolve("predictions.csv").toString(), "-o",
                out().resolve("report").toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(new String[0]));
    }

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private void assertBadInput(CliRun r, String... expected) throws IOException {
        assertEquals(FairTuneCli.BAD_INPUT, r.code(), r.toString());
        for (String e : expected) {
            assertTrue(r.err().contains(e), "expected '" + e + "' in:\n" + r.err());
        }
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("optSkipBadRows") || r.err().contains("Builder") || r.err().contains("LabelMapping"),
                "command-line advice, not Java advice: " + r.err());
        assertNothingWritten();
    }

    private void assertNothingWritten() throws IOException {
        assertFalse(Files.exists(out()), "no output on bad input");
        try (Stream<Path> s = Files.walk(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file");
        }
    }

    @Test
    void missingColumn() throws IOException {
        Path f = file("missing.csv", "comment,label,group\nhello,0,a\nbye,1,b\n");
        assertBadInput(evaluate(f), "missing.csv:1: required column", "required column 'text' not found", "['comment', 'label', 'group']");
    }

    @Test
    void unclosedQuoteStopsOrIsSkippedAndCounted() throws IOException {
        String csv = "text,label,group\nfine,0,a\n\"never closed,1,b\nalso fine,1,b\n";
        Path f = file("quote.csv", csv);
        assertBadInput(evaluate(f), "quote.csv:3: ", "quote", "pass --skip-bad-rows");
        // Skipping: the record from line 3 to the end is dropped and counted; the run goes on to the model.
        CliRun r = evaluate(f, "--skip-bad-rows");
        assertEquals(FairTuneCli.MODEL_FAILURE, r.code(), r.toString());
        assertTrue(r.err().contains("cannot load the model"), r.err());
        assertNothingWritten();
    }

    @Test
    void unknownLabel() throws IOException {
        Path f = file("labels.csv", "text,label,group\na,0,x\nb,1,y\nc,2,x\nd,1,y\n");
        assertBadInput(evaluate(f), "labels.csv:4: unknown label '2' in column 'label'",
                "list it in --negative-label or --positive-label", "pass --skip-bad-rows");
        CliRun r = evaluate(f, "--negative-label", "0,2");
        assertEquals(FairTuneCli.MODEL_FAILURE, r.code(), "with '2' named, the data are fine: " + r);
    }

    @Test
    void groupColumnWithOneValue() throws IOException {
        Path f = file("single.csv", "text,label,group\na,0,x\nb,1,x\n");
        assertBadInput(evaluate(f), "single.csv: group column 'group' holds the single value 'x' in all 2 rows");
        CliRun r = CliRun.of("report", "-i", f.toString(), "--label", "label", "--prediction", "label", "--group",
                "group", "-o", out().toString());
        assertBadInput(r, "single.csv: group column 'group' holds the single value 'x'");
    }

    @Test
    void emptyFile() throws IOException {
        Path f = file("empty.csv", "");
        assertBadInput(evaluate(f), "empty.csv: ", "empty");
        CliRun r = CliRun.of("report", "-i", f.toString(), "--label", "label", "--score", "s", "--group", "g",
                "-o", out().toString());
        assertBadInput(r, "empty.csv: ", "empty");
    }

    @Test
    void byteThatIsNotUtf8() throws IOException {
        Path f = dir.resolve("latin1.csv");
        Files.write(f, "text,label,group\nfine,0,a\ncaf\u00e9,1,b\n".getBytes(StandardCharsets.ISO_8859_1));
        assertBadInput(evaluate(f), "latin1.csv:3: byte 0xE9", "not valid UTF-8", "iconv");
    }

    @Test
    void malformedPredictionsAreSkippedAndCountedWhenAsked() throws IOException {
        StringBuilder csv = new StringBuilder("label,score,group\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i % 2).append(',').append(i % 2 == 1 ? 0.8 : 0.3).append(',').append(i < 10 ? "a" : "b").append('\n');
        }
        csv.append("1,0.9,b,extra\n");
        Path f = file("preds.csv", csv.toString());
        CliRun r = CliRun.of("report", "-i", f.toString(), "--label", "label", "--score", "score", "--group", "group",
                "--replicates", "20", "-o", out().toString());
        assertBadInput(r, "preds.csv:22: ", "pass --skip-bad-rows");
        r = CliRun.of("report", "-i", f.toString(), "--label", "label", "--score", "score", "--group", "group",
                "--replicates", "20", "--skip-bad-rows", "-o", out().toString());
        assertEquals(FairTuneCli.OK, r.code(), r.toString());
        assertTrue(r.out().contains("Read 20 rows of " + f + " (1 bad rows skipped)"), r.out());
    }

    @Test
    void unwritableOutputIsExitCode4AndLeavesNothing() throws IOException {
        StringBuilder csv = new StringBuilder("label,score,group\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i % 2).append(',').append(i % 2 == 1 ? 0.8 : 0.3).append(',').append(i < 10 ? "a" : "b").append('\n');
        }
        Path f = file("ok.csv", csv.toString());
        Path blocker = file("blocker", "a file where the output folder should be");
        CliRun r = CliRun.of("report", "-i", f.toString(), "--label", "label", "--score", "score", "--group", "group",
                "--replicates", "20", "-o", blocker.resolve("report").toString());
        assertEquals(FairTuneCli.OUTPUT_FAILURE, r.code(), r.toString());
        assertTrue(r.err().contains("could not write the output"), r.err());
        assertNothingWritten();
    }

    @Test
    void emptyGroupValueIsSkippedAndCountedWhenAsked() throws IOException {
        StringBuilder csv = new StringBuilder("label,score,group\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i % 2).append(',').append(i % 2 == 1 ? 0.8 : 0.3).append(',').append(i < 10 ? "a" : "b").append('\n');
        }
        csv.append("1,0.9,\n");
        Path g = file("group-only.csv", csv.toString());
        CliRun r = CliRun.of("audit", "-i", g.toString(), "--label", "label", "--score", "score", "--group", "group");
        assertBadInput(r, "group-only.csv:22: empty value in column 'group'", "pass --skip-bad-rows");
        csv.append("0,not-a-score,a\n");
        Path f = file("groups.csv", csv.toString());
        r = CliRun.of("audit", "-i", f.toString(), "--label", "label", "--score", "score", "--group", "group");
        assertBadInput(r, "groups.csv:23: 'not-a-score' in column 'score' is not a number", "pass --skip-bad-rows");
        r = CliRun.of("audit", "-i", f.toString(), "--label", "label", "--score", "score", "--group", "group",
                "--skip-bad-rows");
        assertEquals(FairTuneCli.OK, r.code(), r.toString());
        assertTrue(r.out().contains("20 rows (2 bad rows skipped)"), r.out());
        r = CliRun.of("report", "-i", f.toString(), "--label", "label", "--score", "score", "--group", "group",
                "--replicates", "20", "--skip-bad-rows", "-o", out().toString());
        assertEquals(FairTuneCli.OK, r.code(), r.toString());
        assertTrue(r.out().contains("Read 20 rows of " + f + " (2 bad rows skipped)"), r.out());
    }

    /** A model folder with a broken tokenizer.json or a NaN weight: exit code 3, naming the file (and tensor). */
    @Test
    void brokenModelFilesAreModelErrorsNamingFileAndTensor() throws IOException {
        Path data = file("texts.csv", "text,label,group\nhello,0,a\nbye,1,b\n");
        java.util.Map<String, dev.fairtune.model.TensorData> w = dev.fairtune.model.TestModels.weights(
                dev.fairtune.model.TestModels.SMALL, 3);
        Path model = dev.fairtune.model.TestModels.writeDirectory(dir.resolve("model"), dev.fairtune.model.TestModels.SMALL,
                w, dev.fairtune.model.StorageType.F32);
        Files.writeString(model.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"truncated");
        CliRun r = CliRun.of("evaluate", "--model", model.toString(), "-i", data.toString(), "--predictions",
                out().resolve("p.csv").toString());
        assertEquals(FairTuneCli.MODEL_FAILURE, r.code(), r.toString());
        assertTrue(r.err().contains(model.resolve("tokenizer.json") + ": not a valid HuggingFace fast-tokenizer file"),
                r.err());
        assertFalse(r.err().contains("could not write") || r.err().contains("Exception"), r.err());

        Files.write(model.resolve("tokenizer.json"), dev.fairtune.model.TestModels.tokenizerJson());
        String name = "embeddings.word_embeddings.weight";
        float[] v = w.get(name).toFloatArray();
        v[0] = Float.NaN;
        w.put(name, dev.fairtune.model.TensorData.of(name, w.get(name).shape(), v, "t"));
        dev.fairtune.model.TestModels.writeDirectory(model, dev.fairtune.model.TestModels.SMALL, w,
                dev.fairtune.model.StorageType.F32);
        r = CliRun.of("evaluate", "--model", model.toString(), "-i", data.toString(), "--predictions",
                out().resolve("p.csv").toString());
        assertEquals(FairTuneCli.MODEL_FAILURE, r.code(), r.toString());
        assertTrue(r.err().contains(model.resolve("model.safetensors") + ": tensor '" + name + "': 1 of"), r.err());
        assertFalse(r.err().contains("score is NaN") || r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(out()), "nothing written");
    }

    /** Training data without positive labels: refused with the file and the counts, or trained with a loud warning. */
    @Test
    void trainingDataWithoutBothClassesAreRefusedUnlessAllowed() throws IOException {
        StringBuilder csv = new StringBuilder("text,label,group\n");
        for (int i = 0; i < 40; i++) {
            csv.append("comment number ").append(i).append(",0,").append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Path f = file("negatives.csv", csv.toString());
        List<String> args = new java.util.ArrayList<>(List.of("train", "-i", f.toString(), "--epochs", "1",
                "--batch-size", "16", "--max-length", "16", "--explain", "0", "--replicates", "20", "--no-progress",
                "--no-checkpoints", "-o", out().toString()));
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertBadInput(r, "negatives.csv", "has no example of class '1' (label counts 0 ", ", 1 0)",
                "pass --allow-single-class to train anyway");

        // Both classes overall, but group b has no positive: refused with a penalty, which compares the groups.
        csv = new StringBuilder("text,label,group\n");
        for (int i = 0; i < 40; i++) {
            csv.append("comment number ").append(i).append(',').append(i % 4 == 0 ? 1 : 0).append(',')
                    .append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Path g = file("group-b.csv", csv.toString());
        args.set(2, g.toString());
        args.addAll(List.of("--penalty", "TPR_GAP"));
        r = CliRun.of(args.toArray(new String[0]));
        assertBadInput(r, "group-b.csv", "group 'b' of 'group' has no example of class '1'",
                "pass --allow-single-class to train anyway");

        args.set(2, f.toString());
        args.add("--allow-single-class");
        r = CliRun.of(args.toArray(new String[0]));
        assertEquals(FairTuneCli.OK, r.code(), r.toString());
        assertTrue(r.out().contains("WARNING: tpr_gap penalty is trained with single-class data allowed"), r.out());
        assertTrue(Files.readString(out().resolve("report.html")).contains("WARNING: trained with single-class data allowed"));
    }
}
