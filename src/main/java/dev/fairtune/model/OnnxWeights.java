package dev.fairtune.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the weights of a BERT model exported to ONNX (as {@code torch.onnx} / HuggingFace Optimum
 * export it) and names them as the HuggingFace state dict does.
 *
 * <p>The file is protobuf; a small wire-format reader walks {@code ModelProto.graph} and collects
 * the graph's initializers (float32, float16 or bfloat16, stored as {@code raw_data} or {@code
 * float_data}) and its {@code MatMul}/{@code Gemm} nodes. Embeddings, biases and LayerNorm
 * parameters already carry HuggingFace names. The linear weights are named after the node that
 * consumes them ({@code /encoder/layer.0/attention/self/query/MatMul} gives {@code
 * encoder.layer.0.attention.self.query.weight}) and, because ONNX {@code MatMul} multiplies {@code
 * x · W} with {@code W} stored (in, out), transposed to HuggingFace's (out, in). Integer
 * initializers (shape constants) and float scalars (graph constants) are left out.
 *
 * <p>ONNX does not record the number of attention heads or the LayerNorm epsilon as tensors, so
 * {@link #inferConfig} takes the head count from the caller and uses BERT's eps 1e-12; everything
 * else follows from tensor shapes.
 */
public final class OnnxWeights {

    private static final int FLOAT = 1;
    private static final int FLOAT16 = 10;
    private static final int BFLOAT16 = 16;
    private static final int DOUBLE = 11;
    private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");

    private OnnxWeights() {}

    /**
     * Reads an ONNX file's weights by HuggingFace name, as float32.
     *
     * @throws CheckpointException when the file is missing, not ONNX protobuf, truncated, or keeps
     *     its weights in external data files
     */
    public static Map<String, TensorData> read(Path onnxFile) throws IOException {
        try (FileChannel ch = FileChannel.open(onnxFile, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                throw new CheckpointException(onnxFile.toString(), null, "larger than 2 GB: not a single-file ONNX model");
            }
            ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            return read(buf, onnxFile.toString());
        } catch (NoSuchFileException e) {
            throw new CheckpointException(onnxFile.toString(), null, "file not found", e);
        }
    }

    /** As {@link #read(Path)}, from a stream (for example a classpath resource) named {@code origin}. */
    public static Map<String, TensorData> read(InputStream in, String origin) throws IOException {
        return read(ByteBuffer.wrap(in.readAllBytes()), origin);
    }

    /** As {@link #read(Path)}, from the bytes of an ONNX model named {@code origin}. */
    public static Map<String, TensorData> read(ByteBuffer model, String origin) throws CheckpointException {
        List<Initializer> inits = new ArrayList<>();
        Map<String, NodeUse> weightUse = new HashMap<>();
        try {
            Wire m = new Wire(model.duplicate().order(ByteOrder.LITTLE_ENDIAN));
            boolean sawGraph = false;
            while (m.more()) {
                int tag = m.tag();
                if (tag >>> 3 == 7 && (tag & 7) == 2) {
                    sawGraph = true;
                    readGraph(m.message(tag), inits, weightUse, origin);
                } else {
                    m.skip(tag);
                }
            }
            if (!sawGraph) {
                throw new CheckpointException(origin, null, "no graph found: not an ONNX model");
            }
        } catch (WireException e) {
            throw new CheckpointException(origin, null, "not a readable ONNX protobuf file (" + e.getMessage() + ")", e);
        }
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Initializer init : inits) {
            if (!init.floating() || init.dims.length == 0) {
                continue;
            }
            NodeUse use = weightUse.get(init.name);
            String name = init.name;
            float[] values = init.values(origin);
            long[] shape = init.dims;
            if (use != null) {
                name = use.hfName();
                if (init.dims.length != 2) {
                    throw new CheckpointException(origin, init.name, "weight of " + use.node + " is not a matrix");
                }
                if (use.transpose) {
                    values = transpose(values, (int) init.dims[0], (int) init.dims[1]);
                    shape = new long[] {init.dims[1], init.dims[0]};
                }
            }
            if (out.put(name, TensorData.of(name, shape, values, origin)) != null) {
                throw new CheckpointException(origin, name, "two initializers map to this name");
            }
        }
        return out;
    }

    /**
     * The architecture of the exported encoder, from tensor shapes: vocabulary and H from the word
     * embeddings, positions and types from their tables, intermediate size from the first
     * feed-forward bias, layers from the highest {@code encoder.layer.N}. Heads must be given;
     * eps is BERT's 1e-12, dropouts 0.1, pad id 0.
     *
     * @throws CheckpointException when a needed tensor is missing
     */
    public static BertConfig inferConfig(Map<String, TensorData> tensors, int numHeads, String origin)
            throws CheckpointException {
        long[] word = need(tensors, "embeddings.word_embeddings.weight", origin).shape();
        long[] pos = need(tensors, "embeddings.position_embeddings.weight", origin).shape();
        long[] type = need(tensors, "embeddings.token_type_embeddings.weight", origin).shape();
        long[] inter = need(tensors, "encoder.layer.0.intermediate.dense.bias", origin).shape();
        TreeSet<Integer> layers = new TreeSet<>();
        for (String n : tensors.keySet()) {
            Matcher mm = LAYER.matcher(n);
            if (mm.find()) {
                layers.add(Integer.parseInt(mm.group(1)));
            }
        }
        try {
            return BertConfig.builder()
                    .optVocabSize((int) word[0])
                    .optHiddenSize((int) word[1])
                    .optMaxPositions((int) pos[0])
                    .optTypeVocabSize((int) type[0])
                    .optIntermediateSize((int) inter[0])
                    .optNumLayers(layers.last() + 1)
                    .optNumHeads(numHeads)
                    .optLayerNormEps(1e-12)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(origin, null, "cannot infer the BERT config: " + e.getMessage(), e);
        }
    }

    private static TensorData need(Map<String, TensorData> tensors, String name, String origin)
            throws CheckpointException {
        TensorData t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException(origin, name, "missing: is this an ONNX export of a BERT model?");
        }
        return t;
    }

    private static void readGraph(Wire g, List<Initializer> inits, Map<String, NodeUse> weightUse, String origin)
            throws WireException, CheckpointException {
        while (g.more()) {
            int tag = g.tag();
            int field = tag >>> 3;
            if (field == 1 && (tag & 7) == 2) {
                readNode(g.message(tag), weightUse);
            } else if (field == 5 && (tag & 7) == 2) {
                inits.add(readTensor(g.message(tag), origin));
            } else {
                g.skip(tag);
            }
        }
    }

    private static void readNode(Wire n, Map<String, NodeUse> weightUse) throws WireException {
        List<String> inputs = new ArrayList<>();
        String name = "";
        String op = "";
        long transB = 0;
        while (n.more()) {
            int tag = n.tag();
            switch (tag >>> 3) {
                case 1 -> inputs.add(n.string(tag));
                case 3 -> name = n.string(tag);
                case 4 -> op = n.string(tag);
                case 5 -> {
                    Attribute a = readAttribute(n.message(tag));
                    if ("transB".equals(a.name)) {
                        transB = a.i;
                    }
                }
                default -> n.skip(tag);
            }
        }
        if (("MatMul".equals(op) || "Gemm".equals(op)) && inputs.size() >= 2) {
            boolean transpose = "MatMul".equals(op) || transB == 0;
            weightUse.put(inputs.get(1), new NodeUse(name, transpose));
        }
    }

    private record Attribute(String name, long i) {}

    private static Attribute readAttribute(Wire a) throws WireException {
        String name = "";
        long i = 0;
        while (a.more()) {
            int tag = a.tag();
            switch (tag >>> 3) {
                case 1 -> name = a.string(tag);
                case 3 -> i = a.varint(tag);
                default -> a.skip(tag);
            }
        }
        return new Attribute(name, i);
    }

    private static Initializer readTensor(Wire t, String origin) throws WireException, CheckpointException {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        ByteBuffer raw = null;
        ByteBuffer floatData = null;
        boolean external = false;
        while (t.more()) {
            int tag = t.tag();
            switch (tag >>> 3) {
                case 1 -> {
                    if ((tag & 7) == 2) {
                        Wire packed = t.message(tag);
                        while (packed.more()) {
                            dims.add(packed.rawVarint());
                        }
                    } else {
                        dims.add(t.varint(tag));
                    }
                }
                case 2 -> dataType = (int) t.varint(tag);
                case 4 -> {
                    if ((tag & 7) != 2) {
                        throw new WireException("unpacked float_data is not supported");
                    }
                    floatData = t.bytes(tag);
                }
                case 8 -> name = t.string(tag);
                case 9 -> raw = t.bytes(tag);
                case 14 -> external = t.varint(tag) == 1;
                default -> t.skip(tag);
            }
        }
        if (external) {
            throw new CheckpointException(
                    origin, name, "stored in an external data file; export the model as a single .onnx file");
        }
        long[] d = dims.stream().mapToLong(Long::longValue).toArray();
        return new Initializer(name, d, dataType, raw != null ? raw : floatData, raw != null);
    }

    private record NodeUse(String node, boolean transpose) {
        String hfName() {
            String path = node.startsWith("/") ? node.substring(1) : node;
            int cut = path.lastIndexOf('/');
            String module = cut < 0 ? path : path.substring(0, cut);
            return module.replace('/', '.') + ".weight";
        }
    }

    private record Initializer(String name, long[] dims, int dataType, ByteBuffer data, boolean isRaw) {
        boolean floating() {
            return dataType == FLOAT || dataType == FLOAT16 || dataType == BFLOAT16 || dataType == DOUBLE;
        }

        float[] values(String origin) throws CheckpointException {
            long n = TensorData.elementCount(dims);
            if (n > Integer.MAX_VALUE / 8) {
                throw new CheckpointException(origin, name, "tensor too large");
            }
            int count = (int) n;
            ByteBuffer b = data == null ? ByteBuffer.allocate(0) : data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int width = !isRaw ? 4 : switch (dataType) {
                case FLOAT -> 4;
                case DOUBLE -> 8;
                default -> 2;
            };
            if (!isRaw && dataType != FLOAT) {
                throw new CheckpointException(origin, name, "non-raw data of ONNX type " + dataType + " is not supported");
            }
            if (b.remaining() != (long) count * width) {
                throw new CheckpointException(
                        origin, name, "holds " + b.remaining() + " bytes but its dims need " + (long) count * width);
            }
            float[] out = new float[count];
            for (int i = 0; i < count; i++) {
                out[i] = switch (dataType) {
                    case FLOAT -> b.getFloat();
                    case DOUBLE -> (float) b.getDouble();
                    case FLOAT16 -> StorageType.halfToFloat(b.getShort());
                    default -> StorageType.bf16ToFloat(b.getShort());
                };
            }
            return out;
        }
    }

    private static float[] transpose(float[] v, int rows, int cols) {
        float[] out = new float[v.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = v[r * cols + c];
            }
        }
        return out;
    }

    /** A protobuf field could not be decoded. */
    private static final class WireException extends Exception {
        private static final long serialVersionUID = 1L;

        WireException(String message) {
            super(message);
        }
    }

    /** Protobuf wire-format cursor over one message's bytes. */
    private static final class Wire {
        private final ByteBuffer buf;

        Wire(ByteBuffer buf) {
            this.buf = buf;
        }

        boolean more() {
            return buf.hasRemaining();
        }

        int tag() throws WireException {
            long t = rawVarint();
            if (t <= 0 || t > Integer.MAX_VALUE) {
                throw new WireException("bad field tag " + t + " at byte " + buf.position());
            }
            return (int) t;
        }

        long rawVarint() throws WireException {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (!buf.hasRemaining()) {
                    throw new WireException("truncated varint");
                }
                byte b = buf.get();
                result |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw new WireException("varint longer than 10 bytes");
        }

        long varint(int tag) throws WireException {
            if ((tag & 7) != 0) {
                throw new WireException("field " + (tag >>> 3) + " expected varint, wire type " + (tag & 7));
            }
            return rawVarint();
        }

        ByteBuffer bytes(int tag) throws WireException {
            if ((tag & 7) != 2) {
                throw new WireException("field " + (tag >>> 3) + " expected length-delimited, wire type " + (tag & 7));
            }
            long len = rawVarint();
            if (len < 0 || len > buf.remaining()) {
                throw new WireException("length " + len + " exceeds the " + buf.remaining() + " bytes left (truncated)");
            }
            ByteBuffer slice = buf.slice();
            slice.limit((int) len);
            buf.position(buf.position() + (int) len);
            return slice.order(ByteOrder.LITTLE_ENDIAN);
        }

        Wire message(int tag) throws WireException {
            return new Wire(bytes(tag));
        }

        String string(int tag) throws WireException {
            ByteBuffer b = bytes(tag);
            byte[] a = new byte[b.remaining()];
            b.get(a);
            return new String(a, StandardCharsets.UTF_8);
        }

        void skip(int tag) throws WireException {
            switch (tag & 7) {
                case 0 -> rawVarint();
                case 1 -> advance(8);
                case 2 -> bytes(tag);
                case 5 -> advance(4);
                default -> throw new WireException("unsupported wire type " + (tag & 7) + " at byte " + buf.position());
            }
        }

        private void advance(int n) throws WireException {
            if (buf.remaining() < n) {
                throw new WireException("truncated fixed-width field");
            }
            buf.position(buf.position() + n);
        }
    }
}
