package dev.fairtune.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.train.Checkpointer;
import dev.fairtune.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fairtune train} killed mid-run (a real {@code SIGKILL} of a separate JVM, as when a machine
 * goes away) and run again with {@code --resume} ends with the same weights, bit for bit, as the
 * same command run without interruption. The built-in MiniLM on tiny settings: 72 training
 * examples in batches of 8 (9 steps), 32 tokens, a checkpoint after every step. Every run is a
 * separate JVM, so that the interrupted and the uninterrupted runs share the same conditions.
 */
class TrainResumeTest {
    @TempDir
    Path dir;

    @Test
    void killedRunResumesToTheUninterruptedResult() throws Exception {
        DatasetSplits splits = DemoDataset.generate(3, 80, 40, 60);
        Path train = csv(splits.train(), "train.csv");
        Path test = csv(splits.test(), "test.csv");

        Path whole = dir.resolve("whole");
        Process p = start(args(train, test, whole), dir.resolve("whole.log"));
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the uninterrupted run ends");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("whole.log")));

        Path killed = dir.resolve("killed");
        Path checkpoints = killed.resolve("fpr_gap-penalty").resolve("checkpoints");
        p = start(args(train, test, killed), dir.resolve("killed.log"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (Checkpointer.latest(checkpoints).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "still training when the first checkpoint appears: " + Files.readString(dir.resolve("killed.log")));
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        p.waitFor(1, TimeUnit.MINUTES);
        long stepAtKill = Checkpointer.stepOf(Checkpointer.latest(checkpoints).orElseThrow());
        assertTrue(stepAtKill < 9, "killed before the end, at step " + stepAtKill);
        assertFalse(Files.exists(killed.resolve("report.json")), "the killed run wrote no report");

        // The same command without --resume refuses to mix the runs and says what to do.
        CliRun refused = CliRun.of(args(train, test, killed).toArray(new String[0]));
        assertEquals(FairTuneCli.BAD_INPUT, refused.code(), refused.toString());
        assertTrue(refused.err().contains(checkpoints + " holds checkpoints of an earlier run")
                && refused.err().contains("pass --resume"), refused.err());

        List<String> again = args(train, test, killed);
        again.add("--resume");
        p = start(again, dir.resolve("resumed.log"));
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the resumed run ends");
        String log = Files.readString(dir.resolve("resumed.log"));
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("fpr_gap penalty: resuming from " + checkpoints.resolve("checkpoint-" + stepAtKill)), log);

        Path a = whole.resolve("fpr_gap-penalty");
        Path b = killed.resolve("fpr_gap-penalty");
        assertArrayEquals(Files.readAllBytes(a.resolve("model").resolve("model.safetensors")),
                Files.readAllBytes(b.resolve("model").resolve("model.safetensors")), "identical final weights");
        TrainingHistory ha = TrainingHistory.read(a.resolve("history.json"));
        TrainingHistory hb = TrainingHistory.read(b.resolve("history.json"));
        assertEquals(9, hb.batches().size(), "the resumed history holds every step");
        for (int i = 0; i < 9; i++) {
            assertEquals(ha.batches().get(i).loss(), hb.batches().get(i).loss(), "loss of step " + (i + 1));
        }
        assertTrue(Files.isRegularFile(killed.resolve("report.json")));
    }

    /**
     * A rerun into the folder of a finished run, killed after its first run: the folder holds no
     * file of the earlier run (no report, no model or history of the run not yet retrained) and
     * says it is incomplete; the finished rerun removes that mark.
     */
    @Test
    void interruptedRerunLeavesAFolderMarkedIncompleteWithNoFileOfTheEarlierRun() throws Exception {
        DatasetSplits splits = DemoDataset.generate(3, 80, 40, 60);
        Path train = csv(splits.train(), "train.csv");
        Path test = csv(splits.test(), "test.csv");
        Path sig = dir.resolve("sig");
        List<String> args = new ArrayList<>(List.of("train", "-i", train.toString(), "--test", test.toString(),
                "--group", "target_identity", "--baseline", "--penalty", "FPR_GAP", "--epochs", "1", "--batch-size", "16",
                "--max-length", "16", "--explain", "0", "--replicates", "20", "--no-progress", "--no-checkpoints", "-o",
                sig.toString()));
        CliRun first = CliRun.of(args.toArray(new String[0]));
        assertEquals(FairTuneCli.OK, first.code(), first.toString());
        Path penaltyModel = sig.resolve("fpr_gap-penalty").resolve("model").resolve("model.safetensors");
        Path plainModel = sig.resolve("plain").resolve("model").resolve("model.safetensors");
        assertTrue(Files.isRegularFile(penaltyModel) && Files.isRegularFile(sig.resolve("report.json")));
        assertFalse(Files.exists(sig.resolve(dev.fairtune.job.OutputFolder.INCOMPLETE)), "a finished run is not marked");
        long plainTime = Files.getLastModifiedTime(plainModel).toMillis();

        args.addAll(List.of("--seed", "7"));
        Process p = start(args, dir.resolve("rerun.log"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (p.isAlive() && System.nanoTime() < deadline && !(Files.isRegularFile(plainModel)
                && Files.getLastModifiedTime(plainModel).toMillis() != plainTime)) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "killed during the second run: " + Files.readString(dir.resolve("rerun.log")));
        p.destroyForcibly();
        p.waitFor(1, TimeUnit.MINUTES);
        assertTrue(Files.isRegularFile(sig.resolve(dev.fairtune.job.OutputFolder.INCOMPLETE)), "the folder says it is incomplete");
        assertTrue(Files.readString(sig.resolve(dev.fairtune.job.OutputFolder.INCOMPLETE)).contains("--resume"));
        for (String stale : List.of("report.json", "report.html", "model-card.md")) {
            assertFalse(Files.exists(sig.resolve(stale)), "no report of the earlier run: " + stale);
        }
        assertFalse(Files.exists(penaltyModel) || Files.exists(sig.resolve("fpr_gap-penalty").resolve("history.json")),
                "no model or history of the earlier run");

        CliRun done = CliRun.of(args.toArray(new String[0]));
        assertEquals(FairTuneCli.OK, done.code(), done.toString());
        assertFalse(Files.exists(sig.resolve(dev.fairtune.job.OutputFolder.INCOMPLETE)));
        assertTrue(Files.isRegularFile(penaltyModel) && Files.isRegularFile(sig.resolve("report.json")));
    }

    private static List<String> args(Path train, Path test, Path out) {
        return new ArrayList<>(List.of("train", "-i", train.toString(), "--test", test.toString(), "--group",
                "target_identity", "--penalty", "FPR_GAP", "--epochs", "1", "--batch-size", "8", "--max-length", "32",
                "--checkpoint-every", "1", "--explain", "0", "--replicates", "20", "--no-progress", "-o", out.toString()));
    }

    /** The command line in a new JVM with this test's class path, its output in {@code log}. */
    private static Process start(List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", FairTuneCli.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private Path csv(TextDataset d, String name) throws IOException {
        return TrainAndDemoCommandTest.writeCsv(d, dir.resolve(name));
    }
}
