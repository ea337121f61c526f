package dev.fairtune.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** The ONNX initializer reader on a hand-built protobuf model. */
class OnnxWeightsTest {

    /** ONNX TensorProto data types. */
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int FLOAT16 = 10;

    @Test
    void namesMatMulWeightsAfterTheirNodeAndTransposesThem() throws Exception {
        // W stored (in=2, out=3) as ONNX MatMul wants: [[1, 2, 3], [4, 5, 6]]
        byte[] weight = tensor("onnx::MatMul_123", new long[] {2, 3}, FLOAT, floats(1, 2, 3, 4, 5, 6));
        byte[] bias = tensor("encoder.layer.0.attention.self.query.bias", new long[] {3}, FLOAT16,
                halfs(0.5f, -1f, 2f));
        byte[] shape = tensor("onnx::Reshape_9", new long[] {4}, INT64, new byte[32]);
        byte[] node = message(
                string(1, "/embeddings/LayerNorm/output_0"),
                string(1, "onnx::MatMul_123"),
                string(2, "/encoder/layer.0/attention/self/query/MatMul_output_0"),
                string(3, "/encoder/layer.0/attention/self/query/MatMul"),
                string(4, "MatMul"));
        byte[] graph = message(field(1, node), field(5, weight), field(5, bias), field(5, shape), string(2, "main_graph"));
        byte[] model = message(varint(1, 8), field(7, graph));

        Map<String, TensorData> t = OnnxWeights.read(ByteBuffer.wrap(model), "hand-built.onnx");
        assertEquals(2, t.size(), "the int64 shape constant is left out: " + t.keySet());
        TensorData w = t.get("encoder.layer.0.attention.self.query.weight");
        assertArrayEquals(new long[] {3, 2}, w.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, w.toFloatArray(), "(out, in) = transpose");
        assertArrayEquals(new float[] {0.5f, -1f, 2f}, t.get("encoder.layer.0.attention.self.query.bias").toFloatArray());
    }

    @Test
    void truncatedOrForeignBytesGiveAnErrorNotACrash() throws Exception {
        byte[] weight = tensor("onnx::MatMul_1", new long[] {2, 2}, FLOAT, floats(1, 2, 3, 4));
        byte[] model = message(field(7, message(field(5, weight))));
        for (int cut : new int[] {model.length - 3, model.length / 2, 3}) {
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> OnnxWeights.read(ByteBuffer.wrap(Arrays.copyOf(model, cut)), "cut.onnx"));
            assertTrue(e.getMessage().startsWith("cut.onnx: "), e.getMessage());
        }
        byte[] json = "{\"not\": \"onnx\"}".getBytes(StandardCharsets.UTF_8);
        assertThrows(CheckpointException.class, () -> OnnxWeights.read(ByteBuffer.wrap(json), "x.json"));
        // raw data shorter than its dims claim
        byte[] shortData = message(field(7, message(field(5,
                tensor("w", new long[] {2, 2}, FLOAT, floats(1, 2, 3))))));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> OnnxWeights.read(ByteBuffer.wrap(shortData), "short.onnx"));
        assertEquals("w", e.tensor().orElseThrow());
    }

    @Test
    void inferredConfigOfTheBuiltInModel() throws Exception {
        Checkpoint c = ModelSource.miniLm().read();
        BertConfig expected = BertConfig.builder()
                .optVocabSize(30522).optHiddenSize(384).optNumLayers(6).optNumHeads(12)
                .optIntermediateSize(1536).optMaxPositions(512).optTypeVocabSize(2).optLayerNormEps(1e-12)
                .build();
        assertEquals(expected, c.config());
        assertEquals(101, c.tensors().size());
        assertEquals(Pooling.CLS, c.pooling());
    }

    // --- a minimal protobuf writer ---

    static byte[] tensor(String name, long[] dims, int dataType, byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long d : dims) {
            out.writeBytes(varint(1, d));
        }
        out.writeBytes(varint(2, dataType));
        out.writeBytes(string(8, name));
        out.writeBytes(field(9, raw));
        return out.toByteArray();
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    static byte[] halfs(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putShort(StorageType.floatToHalf(f));
        }
        return b.array();
    }

    static byte[] message(byte[]... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : fields) {
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    static byte[] string(int field, String s) {
        return field(field, s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] field(int field, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(rawVarint((long) field << 3 | 2));
        out.writeBytes(rawVarint(payload.length));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] varint(int field, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(rawVarint((long) field << 3));
        out.writeBytes(rawVarint(value));
        return out.toByteArray();
    }

    static byte[] rawVarint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }
}
