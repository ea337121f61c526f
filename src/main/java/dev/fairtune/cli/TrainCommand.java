package dev.fairtune.cli;

import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.ReadResult;
import dev.fairtune.data.Splits;
import dev.fairtune.data.TextDataset;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.model.ModelSource;
import dev.fairtune.penalty.FairnessPenalty;
import dev.fairtune.report.DataSummary;
import dev.fairtune.report.FairnessReport;
import dev.fairtune.report.HeadlineMetric;
import dev.fairtune.report.Provenance;
import dev.fairtune.report.ReportInput;
import dev.fairtune.report.ReportWriter;
import dev.fairtune.train.LagrangianTarget;
import dev.fairtune.train.TrackedMetric;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fairtune train}: fine-tunes a BERT model on a labelled text file, plain, with a fixed-weight
 * fairness penalty, or towards a fairness target (a Lagrangian trainer tunes the weight), optionally
 * beside a plain baseline; writes each run's model, history and test predictions, and the report.
 * All files are read and checked before the model is loaded.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune a BERT classifier on your data, with or without a fairness penalty, and write "
                + "the model and the report.",
            "Example: fairtune train -i comments.csv --text comment --label toxic --group identity "
                    + "--penalty FPR_GAP --lambda 1 --baseline -o my-run"})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "Training data: .csv, .tsv or .jsonl with text, label and group columns.")
    Path input;

    @Option(names = "--validation", paramLabel = "FILE", description = "Validation data (default: 10%% of --input).")
    Path validation;

    @Option(names = "--test", paramLabel = "FILE", description = "Test data for the report (default: 10%% of --input).")
    Path test;

    @Mixin
    TextDataOptions data;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR",
            description = "A HuggingFace BERT model folder to start from (default: the built-in all-MiniLM-L6-v2).")
    Path model;

    @Option(names = "--penalty", paramLabel = "METRIC", description = "Add a fairness penalty approximating METRIC: "
            + "${COMPLETION-CANDIDATES} (the first six are rate gaps, named after the metric; SCORE_DISTRIBUTION is "
            + "MMD; COUNTERFACTUAL_LOGIT_GAP pairs each text with its identity-swapped twin).")
    PenaltyChoice penalty;

    @Option(names = "--lambda", paramLabel = "L", defaultValue = "1",
            description = "The penalty's weight (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--target", paramLabel = "METRIC", description = "Meet a bound on METRIC (measured on validation) "
            + "by tuning its penalty's weight during training: FPR_GAP, TPR_GAP, EQUALIZED_ODDS_DIFFERENCE, "
            + "EQUALIZED_ODDS_DIFFERENCE_MEAN, AVERAGE_ABS_ODDS_DIFFERENCE, DEMOGRAPHIC_PARITY_DIFFERENCE, or, with "
            + "exactly two groups, EQUAL_OPPORTUNITY_DIFFERENCE, AVERAGE_ODDS_DIFFERENCE, STATISTICAL_PARITY_DIFFERENCE.")
    FairnessMetric target;

    @Option(names = "--bound", paramLabel = "B", defaultValue = "0.05",
            description = "With --target: the largest acceptable distance from the metric's ideal (default: ${DEFAULT-VALUE}).")
    double bound;

    @Option(names = "--baseline", description = "Also train a plain run (cross-entropy only) for comparison.")
    boolean baseline;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "fairtune-run",
            description = "Folder for the models, histories, predictions and report (default: ${DEFAULT-VALUE}).")
    Path output;

    @Mixin
    TrainingOptions training;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Where each run writes its checkpoints "
            + "(weights, optimizer state, position in the data), one folder per run: DIR/<run>; default: "
            + "<output>/<run>/checkpoints. A checkpoint is written after each evaluation (epoch ends and "
            + "--evaluate-every), every --checkpoint-every steps and at the end; the newest two and the best are kept.")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0",
            description = "Also write a checkpoint every N optimizer steps; 0 for evaluations and the end only "
                    + "(default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--resume", description = "Continue an interrupted run: give the same command and options again "
            + "with --resume, and each run continues from its newest checkpoint (a run without one starts afresh); "
            + "the result is the one the uninterrupted run would have given.")
    boolean resume;

    @Option(names = "--no-checkpoints", description = "Write no checkpoints (an interrupted run then starts again from "
            + "the pretrained weights).")
    boolean noCheckpoints;

    @Mixin
    ReportOptions reportOptions;

    @Override
    public Integer call() throws IOException {
        training.check();
        if (penalty != null && target != null) {
            throw new IllegalArgumentException("give --penalty (a fixed weight) or --target (a tuned weight), not both");
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("--lambda must be a finite number >= 0, got " + lambda);
        }
        if (!(bound >= 0)) {
            throw new IllegalArgumentException("--bound must be >= 0, got " + bound);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("--checkpoint-every must be >= 0 (0: at evaluations only), got "
                    + checkpointEvery);
        }
        if (noCheckpoints && (resume || checkpointDir != null || checkpointEvery > 0)) {
            throw new IllegalArgumentException("--no-checkpoints cannot be combined with --resume, --checkpoint-dir "
                    + "or --checkpoint-every");
        }
        HeadlineMetric headline = reportOptions.headline();
        PrintWriter out = spec.commandLine().getOut();
        DatasetSplits splits = readData(out);
        String attribute = splits.train().attributes().get(0).name();
        String reference = splits.train().attribute(attribute).referenceName();
        ModelSource source = model == null ? ModelSource.miniLm() : ModelSource.directory(model);
        String modelName = model == null ? "all-MiniLM-L6-v2 (built in)" : String.valueOf(model.getFileName());

        List<FineTuning.Spec> runs = new ArrayList<>();
        if (baseline || (penalty == null && target == null)) {
            runs.add(new FineTuning.Spec("plain", "cross-entropy only", null, 0, null));
        }
        if (penalty != null) {
            FairnessPenalty p = penalty.penalty();
            runs.add(new FineTuning.Spec(penalty.name().toLowerCase(Locale.ROOT) + " penalty",
                    "cross-entropy + " + lambda + " x " + p.name(), p, lambda, null));
        }
        if (target != null) {
            TrackedMetric metric = TrackedMetric.of(target);
            LagrangianTarget t = LagrangianTarget.builder().setMetric(metric).setBound(bound).build();
            runs.add(new FineTuning.Spec("target", "cross-entropy + lambda x " + t.surrogate().name()
                    + ", lambda tuned so that |" + target + " - ideal| <= " + bound + " on validation", null, 0, t));
        }
        if (!resume) {
            for (FineTuning.Spec run : runs) {
                FineTuning.Checkpointing c = checkpointing(run);
                if (c != null) {
                    FineTuning.refuseEarlierCheckpoints(c.directory());
                }
            }
        }
        boolean created = !java.nio.file.Files.exists(output);
        beginOutput(runs);
        try {
            return trainAndReport(runs, splits, source, attribute, reference, modelName, headline, out);
        } catch (RuntimeException e) {
            // refused or failed before anything was written (the library's data checks, the model): leave no trace
            try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(output)) {
                if (left.allMatch(p -> p.getFileName().toString().equals(INCOMPLETE))) {
                    java.nio.file.Files.deleteIfExists(output.resolve(INCOMPLETE));
                    if (created) {
                        java.nio.file.Files.deleteIfExists(output);
                    }
                }
            }
            throw e;
        }
    }

    private Integer trainAndReport(List<FineTuning.Spec> runs, DatasetSplits splits, ModelSource source,
            String attribute, String reference, String modelName, HeadlineMetric headline, PrintWriter out)
            throws IOException {
        ReportInput.Builder in = ReportInput.builder();
        FineTuning.Outcome last = null;
        for (FineTuning.Spec run : runs) {
            Path dir = output.resolve(folderName(run.name()));
            FineTuning.Outcome o = FineTuning.run(run, source, attribute, splits.train(), splits.validation(),
                    splits.test(), training, headline, out, dir.resolve("model"), null,
                    checkpointing(run));
            o.training().history().write(dir.resolve("history.json"));
            if (o.training().targetMet().isPresent()) {
                out.println(run.name() + ": target " + (o.training().targetMet().get() ? "met" : "not met") + " ("
                        + o.training().selection() + ")");
            }
            in.addRun(o.record());
            last = o;
        }
        in.setTitle("Fine-tuning " + modelName + " on " + input.getFileName())
                .setProvenance(Provenance.builder().optTraining(modelName, last.training().history().provenance())
                        .optCommand(CommandSupport.commandLine(spec)).build())
                .setEvaluationData(DataSummary.of(splits.test(), attribute))
                .optTrainingData(DataSummary.of(splits.train(), attribute)).optReference(reference);
        FairnessReport report = FairnessReport.compute(reportOptions.apply(in).build());
        List<Path> files = ReportWriter.write(report, output);
        java.nio.file.Files.deleteIfExists(output.resolve(INCOMPLETE));
        CommandSupport.printWritten(out, report, files);
        return FairTuneCli.OK;
    }

    /** Marks an output folder whose run has not finished; removed when the report is written. */
    static final String INCOMPLETE = "INCOMPLETE.txt";

    /**
     * Makes the output folder hold one run: before training, the files an earlier run wrote there
     * (the report files, and each run folder's model and history) are removed and {@value
     * #INCOMPLETE} is written; the report, written last, is followed by its removal. An interrupted
     * run therefore leaves a folder that says it is incomplete and holds no file of another run
     * (checkpoints stay, for {@code --resume}; without it, earlier ones were refused above).
     */
    private void beginOutput(List<FineTuning.Spec> runs) throws IOException {
        java.nio.file.Files.createDirectories(output);
        dev.fairtune.io.AtomicFiles.writeString(output.resolve(INCOMPLETE), "This folder holds an unfinished "
                + "'fairtune train' run (started " + java.time.Instant.now() + "): its files are not a complete run. "
                + "Run the same command again with --resume to finish it; this file is removed when the report "
                + "is written.\n");
        for (String f : List.of(ReportWriter.JSON, ReportWriter.HTML, ReportWriter.MODEL_CARD)) {
            java.nio.file.Files.deleteIfExists(output.resolve(f));
        }
        List<Path> folders = new ArrayList<>();
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(output)) {
            s.filter(java.nio.file.Files::isDirectory).forEach(folders::add);
        }
        for (FineTuning.Spec run : runs) {
            Path d = output.resolve(folderName(run.name()));
            if (!folders.contains(d)) {
                folders.add(d);
            }
        }
        for (Path d : folders) {
            // only what fairtune train writes in a run folder
            if (java.nio.file.Files.isRegularFile(d.resolve("history.json"))
                    || java.nio.file.Files.isRegularFile(d.resolve("model").resolve("config.json"))) {
                java.nio.file.Files.deleteIfExists(d.resolve("history.json"));
                dev.fairtune.io.AtomicFiles.deleteTree(d.resolve("model"));
            }
        }
    }

    private FineTuning.Checkpointing checkpointing(FineTuning.Spec run) {
        if (noCheckpoints) {
            return null;
        }
        Path root = checkpointDir == null ? output.resolve(folderName(run.name())).resolve("checkpoints")
                : checkpointDir.resolve(folderName(run.name()));
        return new FineTuning.Checkpointing(root, checkpointEvery, resume);
    }

    private static String folderName(String run) {
        return run.replaceAll("[^A-Za-z0-9_-]+", "-");
    }

    /** The three splits: files as given, the rest cut from the training file (stratified by label and group). */
    private DatasetSplits readData(PrintWriter out) {
        return readSplits(data, input, validation, test, training.seed, out);
    }

    /**
     * The three splits of {@code train} and {@code sweep}: files as given, the rest cut from the
     * training file (stratified by label and group, with {@code seed}); each file read is reported.
     *
     * @param validation the validation file, or null
     * @param test the test file, or null
     */
    static DatasetSplits readSplits(TextDataOptions data, Path input, Path validation, Path test, long seed,
            PrintWriter out) {
        ReadResult first = data.read(input);
        report(out, input, first);
        TextDataset all = first.dataset();
        // Other files use the training file's reference group, so that group ids agree.
        String savedReference = data.reference;
        data.reference = all.attributes().get(0).referenceName();
        TextDataset val = validation == null ? null : read(data, out, validation);
        TextDataset tst = test == null ? null : read(data, out, test);
        data.reference = savedReference;
        TextDataset train = all;
        if (val == null && tst == null) {
            return Splits.trainValidationTest(all, 0.8, 0.1, 0.1, seed);
        }
        if (val == null || tst == null) {
            List<TextDataset> parts = Splits.stratified(all, new double[] {0.9, 0.1}, seed);
            train = parts.get(0);
            if (val == null) {
                val = parts.get(1);
            } else {
                tst = parts.get(1);
            }
        }
        return new DatasetSplits(train, val, tst);
    }

    private static TextDataset read(TextDataOptions data, PrintWriter out, Path file) {
        ReadResult r = data.read(file);
        report(out, file, r);
        return r.dataset();
    }

    private static void report(PrintWriter out, Path file, ReadResult r) {
        out.println("Read " + r.dataset().size() + " examples from " + file
                + (r.skippedRows() > 0 ? " (" + r.skippedRows() + " bad rows skipped)" : ""));
        out.flush();
    }
}
