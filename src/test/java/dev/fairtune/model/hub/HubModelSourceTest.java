package dev.fairtune.model.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.model.StorageType;
import dev.fairtune.model.TensorData;
import dev.fairtune.model.TestModels;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.fairtune.model.Autograd;
import dev.fairtune.text.EncodedBatch;
import dev.fairtune.text.TextEncoder;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real (small, random) BERT checkpoint published on a hub on 127.0.0.1 loads through {@link
 * ModelSource#hub} exactly as the same folder loads from disk, online and then offline from the cache.
 */
class HubModelSourceTest extends HubTestSupport {

    @Test
    void hubSourceLoadsTheSameModelAsTheLocalFolderOnlineAndOffline() throws Exception {
        Map<String, TensorData> weights = TestModels.weights(TestModels.SMALL, 11);
        Path folder = TestModels.writeDirectory(tmp.resolve("repo-bert"), TestModels.SMALL, weights, StorageType.BF16);
        hub.publish(REPO, "main", folder);

        float[] local;
        try (PretrainedModel model = PretrainedModel.load(ModelSource.directory(folder))) {
            local = hidden(model);
        }
        try (PretrainedModel model = PretrainedModel.load(ModelSource.hub(client(), REPO, "main"))) {
            assertEquals(TestModels.SMALL, model.config());
            assertArrayEquals(local, hidden(model), "hub download vs local folder");
        }
        hub.clearRequests();
        try (PretrainedModel model = PretrainedModel.load(ModelSource.hub(client(b -> b.optOffline(true)), REPO, null))) {
            assertArrayEquals(local, hidden(model), "offline cache vs local folder");
        }
        assertEquals(0, hub.requests().size(), "offline loading made requests");
    }

    @Test
    void anUnknownRepositorySaysSo() {
        HubException e = assertThrows(HubException.class,
                () -> PretrainedModel.load(ModelSource.hub(client(), "acme/no-such-model", "main")));
        assertEquals(HubException.Reason.NOT_FOUND, e.reason());
    }

    /** Last hidden states of two real sentences. */
    @SuppressWarnings("try") // the grad-mode guard works by existing
    private static float[] hidden(PretrainedModel model) throws Exception {
        try (TextEncoder text = TextEncoder.builder(TestModels.tokenizerJson()).optMaxLength(32).build();
                NDManager m = NDManager.newBaseManager();
                Autograd.Mode g = Autograd.noGrad()) {
            EncodedBatch batch = text.encode(List.of("a model from the hub", "fairness"));
            return model.encoder().forward(new ParameterStore(m, false), batch.toNDList(m), false).head().toFloatArray();
        }
    }
}
