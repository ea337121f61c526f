package dev.fairtune.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a safetensors file: an 8-byte little-endian header length N, N bytes of JSON header
 * ({@code name -> {dtype, shape, data_offsets: [begin, end]}} plus an optional {@code
 * __metadata__} map of strings), then the data section, to which the offsets are relative.
 *
 * <p>{@link #open} parses and checks the whole header against the file's size before any data is
 * read: a header length beyond the file, JSON that does not parse, an unknown dtype, an offset
 * range whose length does not match dtype and shape, or a range past the end of the file each give
 * a {@link CheckpointException} naming the file (and the tensor). Reading is plain file I/O into
 * buffers owned by the caller, so a damaged file can never crash the JVM. Floating tensors (F32,
 * F16, BF16, F64) are widened or narrowed to float32 in Java.
 */
public final class SafetensorsReader implements AutoCloseable {

    /** Largest header accepted (the format's own limit is 100 MB). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One tensor's header entry.
     *
     * @param name the tensor name
     * @param dtype its element type in the file
     * @param shape its dimensions
     * @param begin first byte, relative to the data section
     * @param end one past the last byte, relative to the data section
     */
    public record Entry(String name, StorageType dtype, long[] shape, long begin, long end) {
        /** Copies the shape. */
        public Entry {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsReader(
            Path file, FileChannel channel, long dataStart, Map<String, Entry> entries, Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /**
     * Opens a file and validates its header.
     *
     * @throws CheckpointException when the file is missing, truncated or its header is corrupt
     * @throws IOException when the file cannot be read
     */
    public static SafetensorsReader open(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file.toString(), null, "file not found", e);
        }
        try {
            SafetensorsReader r = parse(file, channel);
            channel = null; // now owned by the reader
            return r;
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    private static SafetensorsReader parse(Path file, FileChannel channel) throws IOException {
        String where = file.toString();
        long size = channel.size();
        if (size < 8) {
            throw new CheckpointException(
                    where, null, "truncated: " + size + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lenBuf, 0, where, null);
        long headerLen = lenBuf.getLong(0);
        if (headerLen < 2 || headerLen > size - 8) {
            throw new CheckpointException(
                    where,
                    null,
                    "header length " + Long.toUnsignedString(headerLen) + " does not fit the file of " + size
                            + " bytes (truncated or not a safetensors file)");
        }
        if (headerLen > MAX_HEADER_BYTES) {
            throw new CheckpointException(where, null, "header length " + headerLen + " exceeds the 100 MB limit");
        }
        ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
        readFully(channel, headerBuf, 8, where, null);
        JsonNode root;
        try {
            root = JSON.readTree(new String(headerBuf.array(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new CheckpointException(
                    where, null, "header is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(where, null, "header is not a JSON object");
        }
        long dataStart = 8 + headerLen;
        long dataSize = size - dataStart;
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if ("__metadata__".equals(name)) {
                if (!v.isObject()) {
                    throw new CheckpointException(where, null, "__metadata__ is not a JSON object");
                }
                v.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            entries.put(name, entry(where, name, v, dataSize));
        }
        return new SafetensorsReader(
                file, channel, dataStart, Collections.unmodifiableMap(entries), Collections.unmodifiableMap(metadata));
    }

    private static Entry entry(String where, String name, JsonNode v, long dataSize) throws CheckpointException {
        if (!v.isObject()) {
            throw new CheckpointException(where, name, "header entry is not a JSON object");
        }
        JsonNode dtypeNode = v.get("dtype");
        JsonNode shapeNode = v.get("shape");
        JsonNode offsetsNode = v.get("data_offsets");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new CheckpointException(where, name, "header entry has no dtype string");
        }
        StorageType dtype;
        try {
            dtype = StorageType.parse(dtypeNode.asText());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(where, name, e.getMessage());
        }
        if (shapeNode == null || !shapeNode.isArray()) {
            throw new CheckpointException(where, name, "header entry has no shape array");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
                throw new CheckpointException(where, name, "shape " + shapeNode + " is not a list of sizes >= 0");
            }
            shape[i] = d.longValue();
        }
        if (offsetsNode == null || !offsetsNode.isArray() || offsetsNode.size() != 2
                || !offsetsNode.get(0).canConvertToLong() || !offsetsNode.get(1).canConvertToLong()
                || !offsetsNode.get(0).isIntegralNumber() || !offsetsNode.get(1).isIntegralNumber()) {
            throw new CheckpointException(where, name, "data_offsets must be [begin, end], got " + offsetsNode);
        }
        long begin = offsetsNode.get(0).longValue();
        long end = offsetsNode.get(1).longValue();
        if (begin < 0 || end < begin) {
            throw new CheckpointException(where, name, "data_offsets [" + begin + ", " + end + "] are not a range");
        }
        long expected;
        try {
            expected = Math.multiplyExact(TensorData.elementCount(shape), dtype.bytes());
        } catch (ArithmeticException e) {
            throw new CheckpointException(where, name, "shape " + Arrays.toString(shape) + " is too large");
        }
        if (end - begin != expected) {
            throw new CheckpointException(
                    where,
                    name,
                    "data_offsets [" + begin + ", " + end + "] span " + (end - begin) + " bytes but " + dtype
                            + " " + Arrays.toString(shape) + " needs " + expected);
        }
        if (end > dataSize) {
            throw new CheckpointException(
                    where,
                    name,
                    "data range [" + begin + ", " + end + ") runs past the end of the data section ("
                            + dataSize + " bytes): the file is truncated or corrupt");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /** The header entries in file order, by name. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The {@code __metadata__} map (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Reads one floating tensor as float32.
     *
     * @throws CheckpointException when the tensor is absent, not floating, or cannot be read
     */
    public TensorData read(String name) throws IOException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new CheckpointException(file.toString(), name, "not in this file");
        }
        if (!e.dtype().isFloating()) {
            throw new CheckpointException(
                    file.toString(), name, "dtype " + e.dtype() + " is not a floating type; FairTune reads F32, F16, BF16, F64");
        }
        long n = TensorData.elementCount(e.shape());
        if (n * Float.BYTES > Integer.MAX_VALUE) {
            throw new CheckpointException(file.toString(), name, "tensor larger than 2 GB as float32 is not supported");
        }
        ByteBuffer out = ByteBuffer.allocateDirect((int) (n * Float.BYTES)).order(ByteOrder.nativeOrder());
        long pos = dataStart + e.begin();
        if (e.dtype() == StorageType.F32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            readFully(channel, out, pos, file.toString(), name);
            out.clear();
            return finite(new TensorData(name, e.shape(), out, file.toString()));
        }
        ByteBuffer raw = ByteBuffer.allocateDirect((int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, raw, pos, file.toString(), name);
        raw.flip();
        switch (e.dtype()) {
            case F32 -> {
                for (long i = 0; i < n; i++) {
                    out.putFloat(raw.getFloat());
                }
            }
            case F16 -> {
                for (long i = 0; i < n; i++) {
                    out.putFloat(StorageType.halfToFloat(raw.getShort()));
                }
            }
            case BF16 -> {
                for (long i = 0; i < n; i++) {
                    out.putFloat(StorageType.bf16ToFloat(raw.getShort()));
                }
            }
            case F64 -> {
                for (long i = 0; i < n; i++) {
                    out.putFloat((float) raw.getDouble());
                }
            }
            default -> throw new IllegalStateException("not floating: " + e.dtype());
        }
        out.clear();
        return finite(new TensorData(name, e.shape(), out, file.toString()));
    }

    /**
     * Refuses a tensor holding NaN or an infinity: such weights load silently and only show up
     * later as NaN scores that name neither file nor tensor.
     *
     * @throws CheckpointException naming the file, the tensor and the first bad element
     */
    private static TensorData finite(TensorData t) throws CheckpointException {
        java.nio.FloatBuffer f = t.data().duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
        int n = f.remaining();
        for (int i = 0; i < n; i++) {
            float v = f.get(i);
            if (!Float.isFinite(v)) {
                int bad = 0;
                for (int j = i; j < n; j++) {
                    bad += Float.isFinite(f.get(j)) ? 0 : 1;
                }
                throw new CheckpointException(t.file(), t.name(), bad + " of " + n + " values are not finite (the first, "
                        + v + ", at flat index " + i + " of shape " + Arrays.toString(t.shape()) + "); the weights are "
                        + "corrupt or come from a run that diverged: use an earlier checkpoint or re-export the model");
            }
        }
        return t;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, String file, String tensor)
            throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new CheckpointException(file, tensor, "unexpected end of file at byte " + pos + " (truncated)");
            }
            pos += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
