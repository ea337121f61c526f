package dev.fairtune.model;

import dev.fairtune.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes float tensors as a safetensors file in F32, F16 or BF16, in the given order, with the
 * header padded with spaces to a multiple of 8 bytes (as HuggingFace writes it) so that every
 * tensor starts 8-byte aligned. F16 and BF16 round to nearest even. The file is written to a
 * temporary sibling and moved into place, so a crash never leaves a half-written checkpoint under
 * the final name.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {}

    /**
     * Writes {@code tensors} to {@code file}.
     *
     * @param file the file to create or replace
     * @param tensors the tensors in file order; names must be unique
     * @param dtype the element type to store: F32, F16 or BF16
     * @param metadata the {@code __metadata__} map (may be empty)
     */
    public static void write(Path file, List<TensorData> tensors, StorageType dtype, Map<String, String> metadata)
            throws IOException {
        if (dtype != StorageType.F32 && dtype != StorageType.F16 && dtype != StorageType.BF16) {
            throw new IllegalArgumentException("FairTune writes F32, F16 or BF16, not " + dtype);
        }
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        Set<String> seen = new HashSet<>();
        long offset = 0;
        for (TensorData t : tensors) {
            if (!seen.add(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name " + t.name());
            }
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", dtype.name());
            ArrayNode shape = e.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long bytes = t.size() * dtype.bytes();
            e.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();

        AtomicFiles.writeFile(file, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, head);
                for (TensorData t : tensors) {
                    writeFully(ch, encode(t, dtype));
                }
            }
        });
    }

    private static ByteBuffer encode(TensorData t, StorageType dtype) {
        if (dtype == StorageType.F32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            return t.data().duplicate().clear();
        }
        FloatBuffer src = t.data().duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
        int n = src.remaining();
        ByteBuffer out = ByteBuffer.allocateDirect(n * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            float v = src.get(i);
            switch (dtype) {
                case F32 -> out.putFloat(v);
                case F16 -> out.putShort(StorageType.floatToHalf(v));
                case BF16 -> out.putShort(StorageType.floatToBf16(v));
                default -> throw new IllegalStateException(dtype.name());
            }
        }
        out.clear();
        return out;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
