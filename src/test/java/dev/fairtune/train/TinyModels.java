package dev.fairtune.train;

import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.BertConfig;
import dev.fairtune.model.BertEncoder;
import dev.fairtune.model.Checkpoint;
import dev.fairtune.model.Pooling;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.model.TestModels;

import java.io.IOException;
import java.util.List;

/** A tiny randomly initialised BERT (2 layers, hidden 32, MiniLM's uncased vocabulary) for trainer tests. */
public final class TinyModels {

    private TinyModels() {}

    /** 2 layers, H 32, 4 heads, intermediate 64, 64 positions, dropout 0.1. */
    public static final BertConfig CONFIG = TestModels.SMALL;

    /** A model with HuggingFace-style initial weights from {@code seed}. */
    public static PretrainedModel model(BertConfig config, long seed) throws IOException {
        return PretrainedModel.load(new Checkpoint(config, BertEncoder.initialWeights(config, seed),
                TestModels.tokenizerJson(), List.of(), Pooling.CLS, "tiny(seed=" + seed + ")"));
    }

    /** A two-class classifier with a fresh head from {@code seed}. */
    public static BertClassifier classifier(PretrainedModel model, List<String> labels, long seed) {
        return BertClassifier.builder(model).optLabels(labels).optSeed(seed).build();
    }
}
