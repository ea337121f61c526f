package dev.fairtune.report;

import dev.fairtune.train.TrainingProvenance;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Where a report's runs came from. Together with the runs' penalties, the data summaries' hashes
 * and the metric definitions (all in the report), this is what is needed to reproduce the numbers.
 *
 * @param model the pretrained model's name, such as "all-MiniLM-L6-v2"
 * @param modelOrigin where its weights were read ({@code PretrainedModel.origin()}), such as a
 *     directory, a hub repository and revision, or a class-path resource
 * @param trainingSetup the fine-tuning settings in words (epochs, batch size, learning rate, frozen
 *     layers, maximum length), or null when the report covers predictions only
 * @param seed the seed of data splits, shuffling, dropout and the bootstrap
 * @param libraries the versions of the libraries involved
 * @param command the command or program that produced the report, or null
 * @param created when the report was made (UTC, whole seconds)
 */
public record Provenance(String model, String modelOrigin, String trainingSetup, long seed, List<Library> libraries,
        String command, Instant created) {

    /** Checks and copies. */
    public Provenance {
        if (model == null || model.isBlank() || modelOrigin == null || libraries == null || created == null) {
            throw new IllegalArgumentException("provenance needs a model, its origin, libraries and a time");
        }
        libraries = List.copyOf(libraries);
    }

    /** A builder; the model is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link Provenance}. */
    public static final class Builder {
        private String model;
        private String modelOrigin;
        private String trainingSetup;
        private long seed;
        private List<Library> libraries = Library.onClassPath();
        private String command;
        private Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        private Builder() {
        }

        /** The model's name and where its weights came from (required). */
        public Builder setModel(String name, String origin) {
            this.model = name;
            this.modelOrigin = origin;
            return this;
        }

        /**
         * The fine-tuning run the report's models came from: its settings in words ({@link
         * TrainingProvenance#describeSetup()}), its seed, and, when no model was set yet, its
         * weights' origin under the name {@code name}.
         */
        public Builder optTraining(String name, TrainingProvenance training) {
            if (model == null) {
                setModel(name, training.model());
            }
            this.trainingSetup = training.describeSetup();
            this.seed = training.config().seed();
            return this;
        }

        /** The fine-tuning settings in words; default none (a report of predictions). */
        public Builder optTrainingSetup(String trainingSetup) {
            this.trainingSetup = trainingSetup;
            return this;
        }

        /** The seed; default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The library versions; default {@link Library#onClassPath()}. */
        public Builder optLibraries(List<Library> libraries) {
            this.libraries = libraries;
            return this;
        }

        /** The command that made the report; default none. */
        public Builder optCommand(String command) {
            this.command = command;
            return this;
        }

        /** The creation time; default now. */
        public Builder optCreated(Instant created) {
            this.created = created;
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException if the model is missing
         */
        public Provenance build() {
            if (model == null) {
                throw new IllegalArgumentException("the model is required: call setModel");
            }
            return new Provenance(model, modelOrigin, trainingSetup, seed, libraries, command, created);
        }
    }
}
