package dev.fairtune.train;

import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.HfSaver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The outcome of {@link FairTrainer#fit}.
 *
 * @param history everything the run recorded
 * @param best the selected validation pass: with a target, the best (by objective) that meets it,
 *     else the one closest to it; without a target, the best by objective; empty when no
 *     evaluation ran
 * @param bestCheckpoint the checkpoint directory of {@code best}, when checkpoints were written
 * @param lastCheckpoint the last checkpoint written, when checkpoints were written
 * @param targetMet whether {@code best} meets the target (false when none was selected); empty without a target
 * @param selection a sentence saying which evaluation was selected and why (for logs and reports),
 *     for example that no evaluation met the target and the closest was kept
 * @param stopReason why the run ended
 * @param model the trained classifier (holding the best evaluation's weights when {@link
 *     TrainerConfig.Evaluation#restoreBest()}, else the last)
 */
public record TrainingResult(
        TrainingHistory history,
        Optional<EvaluationRecord> best,
        Optional<Path> bestCheckpoint,
        Optional<Path> lastCheckpoint,
        Optional<Boolean> targetMet,
        String selection,
        StopReason stopReason,
        BertClassifier model) {

    /**
     * Saves the trained classifier as a HuggingFace folder ({@link HfSaver}) with the run's
     * provenance beside it ({@value TrainingProvenance#FILE}), so that the folder says what made it.
     *
     * @param tokenizerJson the tokenizer to save with it ({@code PretrainedModel.tokenizerJson()})
     * @throws IOException when the folder cannot be written
     */
    public void saveModel(byte[] tokenizerJson, Path dir) throws IOException {
        HfSaver.save(model, tokenizerJson, dir);
        Json.write(dir.resolve(TrainingProvenance.FILE), history.provenance());
    }
}
