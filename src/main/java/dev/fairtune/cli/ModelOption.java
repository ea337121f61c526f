package dev.fairtune.cli;

import dev.fairtune.model.CheckpointException;
import dev.fairtune.model.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code -m/--model} and {@code --revision}: a local model folder, or a HuggingFace hub id fetched
 * into the hub cache (found there when offline; docs/hub.md). One meaning in every command that
 * loads weights ({@code train}, {@code evaluate}, {@code explain}).
 */
final class ModelOption {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR|HUB_ID", description = "A model folder (config.json, "
            + "model.safetensors, tokenizer.json), or a HuggingFace hub id such as bert-base-uncased or org/name, "
            + "downloaded into the hub cache or found there offline.")
    String model;

    @Option(names = "--revision", paramLabel = "REV", description = "With a hub id in --model: the branch, tag or "
            + "commit (default: main).")
    String revision;

    /** Whether {@code --model} was given. */
    boolean given() {
        return model != null;
    }

    /**
     * The weights {@code --model} names: a folder when one exists there, else a hub id.
     *
     * The source fails when it is read, after the data have been checked, where {@code --model}
     * names neither a folder nor a hub id that can be fetched.
     *
     * @throws CommandLine.ParameterException when {@code --model} is missing, or {@code --revision}
     *     is given with a folder
     */
    ModelSource source() {
        if (model == null) {
            throw new CommandLine.ParameterException(command.commandLine(), "Missing required option: '--model=DIR|HUB_ID'");
        }
        Path folder = Path.of(model);
        if (Files.isDirectory(folder)) {
            if (revision != null) {
                throw new CommandLine.ParameterException(command.commandLine(), "--revision applies to a hub id, and "
                        + model + " is a folder");
            }
            return ModelSource.directory(folder);
        }
        if (!model.matches("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?")) {
            return () -> {
                throw new CheckpointException(model, null, "no such model folder (nor a hub id, which is name or "
                        + "org/name)");
            };
        }
        ModelSource hub = ModelSource.hub(model, revision);
        return () -> {
            try {
                return hub.read();
            } catch (CheckpointException e) {
                throw e;
            } catch (java.io.IOException | RuntimeException e) {
                throw new CheckpointException(model, null, "is not a folder here, and fetching it as a hub id failed: "
                        + e.getMessage(), e);
            }
        };
    }

    /** A short name for the report: the folder's name or the hub id. */
    String name() {
        return Files.isDirectory(Path.of(model)) ? String.valueOf(Path.of(model).getFileName()) : model;
    }

    /** A file in the model folder, when {@code --model} is a folder holding it. */
    java.util.Optional<Path> folderFile(String name) {
        Path file = Path.of(model).resolve(name);
        return Files.isDirectory(Path.of(model)) && Files.isRegularFile(file) ? java.util.Optional.of(file)
                : java.util.Optional.empty();
    }
}
