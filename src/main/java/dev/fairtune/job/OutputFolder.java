package dev.fairtune.job;

import dev.fairtune.io.AtomicFiles;
import dev.fairtune.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rule of a job's output folder: until the report is written it holds {@value #INCOMPLETE};
 * the files an earlier job wrote there (the report files, each run folder's model and history)
 * are removed first, so an interrupted job never leaves a mix of two runs (checkpoints stay, for
 * resuming); a job refused before it wrote anything leaves no trace.
 */
public final class OutputFolder {
    /** Marks an output folder whose job has not finished; removed when the report is written. */
    public static final String INCOMPLETE = "INCOMPLETE.txt";

    private final Path folder;
    private final boolean created;

    private OutputFolder(Path folder, boolean created) {
        this.folder = folder;
        this.created = created;
    }

    /**
     * Makes {@code folder} hold one job whose runs write into {@code runFolders}: writes {@value
     * #INCOMPLETE} and removes what an earlier job wrote there.
     */
    static OutputFolder begin(Path folder, List<String> runFolders) throws IOException {
        OutputFolder out = new OutputFolder(folder, !Files.exists(folder));
        Files.createDirectories(folder);
        AtomicFiles.writeString(folder.resolve(INCOMPLETE), "This folder holds an unfinished FairTune job (started "
                + Instant.now() + "): its files are not a complete run. Run the same command again with --resume to "
                + "finish it; this file is removed when the report is written.\n");
        for (String f : List.of(ReportWriter.JSON, ReportWriter.HTML, ReportWriter.MODEL_CARD)) {
            Files.deleteIfExists(folder.resolve(f));
        }
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.filter(Files::isDirectory).forEach(folders::add);
        }
        for (String run : runFolders) {
            Path d = folder.resolve(run);
            if (!folders.contains(d)) {
                folders.add(d);
            }
        }
        for (Path d : folders) {
            // only what a job writes in a run folder
            if (Files.isRegularFile(d.resolve("history.json")) || Files.isRegularFile(d.resolve("model").resolve("config.json"))) {
                Files.deleteIfExists(d.resolve("history.json"));
                AtomicFiles.deleteTree(d.resolve("model"));
            }
        }
        return out;
    }

    /** The report is written: the folder is complete. */
    void finish() throws IOException {
        Files.deleteIfExists(folder.resolve(INCOMPLETE));
    }

    /** After a refusal before anything was written (the data checks, the model): removes the marker and a new folder. */
    void leaveNoTrace() throws IOException {
        try (Stream<Path> left = Files.list(folder)) {
            if (left.allMatch(p -> p.getFileName().toString().equals(INCOMPLETE))) {
                Files.deleteIfExists(folder.resolve(INCOMPLETE));
                if (created) {
                    Files.deleteIfExists(folder);
                }
            }
        }
    }
}
