package dev.fairtune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import dev.fairtune.text.EncodedBatch;
import dev.fairtune.text.TextEncoder;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The encoder loaded from the built-in MiniLM checkpoint reproduces ONNX Runtime's last hidden
 * states of the same ONNX file on real sentences of different lengths in one padded batch.
 */
class MiniLmOnnxParityTest {

    static final List<String> SENTENCES = List.of(
            "Hello world.",
            "The quick brown fox jumps over the lazy dog near the riverbank at dawn.",
            "Fairness metrics compare error rates across groups.",
            "A",
            "Transformers encode every token in the context of the whole sentence, so the same word can"
                    + " receive different vectors in different sentences, which is what makes them useful.",
            "Is this sentence, with punctuation; and numbers 12345, tokenized the same way?");

    @Test
    @SuppressWarnings("try") // the guard works by existing
    void lastHiddenStatesMatchOnnxRuntime() throws Exception {
        try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm());
                TextEncoder text = TextEncoder.builder(model).optMaxLength(128).build();
                NDManager manager = NDManager.newBaseManager()) {
            EncodedBatch batch = text.encode(SENTENCES);
            int b = batch.size();
            int t = batch.length();
            assertTrue(batch.tokens(3) < t && batch.tokens(4) == t, "batch is padded to its longest text");

            float[] ours;
            try (Autograd.Mode g = Autograd.noGrad()) {
                NDList out = model.encoder().forward(new ParameterStore(manager, false), batch.toNDList(manager), false);
                ours = out.head().toFloatArray();
            }
            float[] ref = onnxRuntime(batch);
            int h = model.config().hiddenSize();
            double maxDiff = 0;
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < batch.tokens(i); j++) {
                    for (int k = 0; k < h; k++) {
                        int idx = (i * t + j) * h + k;
                        maxDiff = Math.max(maxDiff, Math.abs(ours[idx] - ref[idx]));
                    }
                }
            }
            System.out.printf("MiniLM vs ONNX Runtime: max abs difference on real tokens %.3g%n", maxDiff);
            assertEquals(ref.length, ours.length);
            assertTrue(maxDiff <= 1e-4, "max abs difference on real tokens " + maxDiff);
        }
    }

    private static float[] onnxRuntime(EncodedBatch batch) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        byte[] onnx;
        try (InputStream in = MiniLmOnnxParityTest.class.getResourceAsStream(ModelSource.MINILM_ONNX)) {
            onnx = in.readAllBytes();
        }
        long[] shape = {batch.size(), batch.length()};
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.inputIds()), shape);
                OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.attentionMask()), shape);
                OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.typeIds()), shape)) {
            Map<String, OnnxTensor> in = new HashMap<>();
            in.put("input_ids", ids);
            in.put("attention_mask", mask);
            in.put("token_type_ids", types);
            try (OrtSession.Result r = session.run(in)) {
                OnnxTensor out = (OnnxTensor) r.get(0);
                float[] flat = new float[(int) (out.getInfo().getNumElements())];
                out.getFloatBuffer().get(flat);
                return flat;
            }
        }
    }
}
