package dev.fairtune.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Safetensors reading and writing: formats, conversions, and every kind of damaged file. */
class SafetensorsTest {

    @TempDir
    Path dir;

    private static final float[] VALUES = {1f, -2f, 0.5f, 0f, 3.25f, -0.015625f};

    @Test
    void roundTripsEveryStorageType() throws IOException {
        for (StorageType dtype : List.of(StorageType.F32, StorageType.F16, StorageType.BF16)) {
            Path file = dir.resolve(dtype + ".safetensors");
            SafetensorsWriter.write(file,
                    List.of(TensorData.of("a", new long[] {2, 3}, VALUES, "mem"), TensorData.of("b", new long[] {1}, new float[] {7f}, "mem")),
                    dtype, Map.of("format", "pt"));
            try (SafetensorsReader r = SafetensorsReader.open(file)) {
                assertEquals(List.of("a", "b"), List.copyOf(r.entries().keySet()));
                assertEquals(dtype, r.entries().get("a").dtype());
                assertEquals("pt", r.metadata().get("format"));
                TensorData a = r.read("a");
                assertArrayEquals(new long[] {2, 3}, a.shape());
                assertArrayEquals(VALUES, a.toFloatArray(), dtype + " values (all exactly representable)");
                assertArrayEquals(new float[] {7f}, r.read("b").toFloatArray());
            }
            // header padded to a multiple of 8, data follows: 8 + header + 7 values
            long header = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, header % 8);
            assertEquals(8 + header + 7L * dtype.bytes(), Files.size(file));
        }
    }

    @Test
    void halfPrecisionConversionsRoundToNearestEven() {
        assertEquals(0x3C00, StorageType.floatToHalf(1f) & 0xFFFF);
        assertEquals(0xC000, StorageType.floatToHalf(-2f) & 0xFFFF);
        assertEquals(0x7BFF, StorageType.floatToHalf(65504f) & 0xFFFF, "largest half");
        assertEquals(0x7BFF, StorageType.floatToHalf(65519f) & 0xFFFF, "rounds down below the midpoint");
        assertEquals(0x7C00, StorageType.floatToHalf(65520f) & 0xFFFF, "midpoint to even: infinity");
        assertEquals(0x0001, StorageType.floatToHalf(0x1p-24f) & 0xFFFF, "smallest subnormal");
        assertEquals(0x0000, StorageType.floatToHalf(0x1p-25f) & 0xFFFF, "half of it ties to even: 0");
        assertEquals(0x0400, StorageType.floatToHalf(0x1p-14f) & 0xFFFF, "smallest normal");
        // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to even (1)
        assertEquals(0x3C00, StorageType.floatToHalf(1f + 0x1p-11f) & 0xFFFF);
        assertEquals(0x3C01, StorageType.floatToHalf(1f + 0x1p-11f + 0x1p-20f) & 0xFFFF);
        assertTrue(Float.isNaN(StorageType.halfToFloat(StorageType.floatToHalf(Float.NaN))));
        assertEquals(Float.NEGATIVE_INFINITY, StorageType.halfToFloat((short) 0xFC00));
        assertEquals(0x1p-24f, StorageType.halfToFloat((short) 1));
        assertEquals(-1.5f, StorageType.halfToFloat((short) 0xBE00));
        for (int bits = 0; bits < 0x10000; bits++) { // every finite half survives the round trip
            float f = StorageType.halfToFloat((short) bits);
            if (!Float.isNaN(f)) {
                assertEquals(bits, StorageType.floatToHalf(f) & 0xFFFF, "half bits " + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void bfloat16ConversionsRoundToNearestEven() {
        assertEquals(0x3F80, StorageType.floatToBf16(1f) & 0xFFFF);
        // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to even (1); a bit more rounds up
        assertEquals(0x3F80, StorageType.floatToBf16(1f + 0x1p-8f) & 0xFFFF);
        assertEquals(0x3F81, StorageType.floatToBf16(1f + 0x1p-8f + 0x1p-20f) & 0xFFFF);
        assertEquals(1.0078125f, StorageType.bf16ToFloat((short) 0x3F81));
        assertTrue(Float.isNaN(StorageType.bf16ToFloat(StorageType.floatToBf16(Float.NaN))));
    }

    @Test
    void fileShorterThanTheHeaderLengthIsRejected() throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsReader.open(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void headerLengthBeyondTheFileIsRejected() throws IOException {
        Path file = dir.resolve("header.safetensors");
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(1_000_000L);
        Files.write(file, b.array());
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsReader.open(file));
        assertTrue(e.getMessage().contains("header length 1000000 does not fit the file of 20 bytes"), e.getMessage());
        // a negative length (top bit set) too
        Files.write(file, ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(-8).array());
        assertThrows(CheckpointException.class, () -> SafetensorsReader.open(file));
    }

    @Test
    void headerThatIsNotJsonIsRejected() throws IOException {
        Path file = raw("badjson.safetensors", "{\"a\": {\"dtype\": \"F32\", ", 16);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsReader.open(file));
        assertTrue(e.getMessage().contains("header is not valid JSON"), e.getMessage());
    }

    @Test
    void dataRangeBeyondTheFileNamesTheTensor() throws IOException {
        Path file = raw("range.safetensors",
                "{\"w\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]}}", 8);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsReader.open(file));
        assertEquals("w", e.tensor().orElseThrow());
        assertTrue(e.getMessage().contains("runs past the end of the data section (8 bytes)"), e.getMessage());
    }

    @Test
    void truncatedFileNamesTheTensorThatNoLongerFits() throws IOException {
        Path file = dir.resolve("whole.safetensors");
        SafetensorsWriter.write(file,
                List.of(TensorData.of("first", new long[] {4}, new float[4], "mem"), TensorData.of("second", new long[] {4}, new float[4], "mem")),
                StorageType.F32, Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 5));
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsReader.open(cut));
        assertEquals("second", e.tensor().orElseThrow());
        assertEquals(cut.toString(), e.file());
    }

    @Test
    void offsetsThatDisagreeWithShapeAndDtypeAreRejected() throws IOException {
        Path file = raw("span.safetensors",
                "{\"w\": {\"dtype\": \"BF16\", \"shape\": [2, 2], \"data_offsets\": [0, 16]}}", 16);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsReader.open(file));
        assertTrue(e.getMessage().contains("span 16 bytes but BF16 [2, 2] needs 8"), e.getMessage());
        Path unknown = raw("dtype.safetensors",
                "{\"w\": {\"dtype\": \"F8_E4M3\", \"shape\": [2], \"data_offsets\": [0, 2]}}", 2);
        e = assertThrows(CheckpointException.class, () -> SafetensorsReader.open(unknown));
        assertTrue(e.getMessage().contains("unknown dtype \"F8_E4M3\""), e.getMessage());
    }

    @Test
    void integerTensorsAreNotReadAsWeights() throws IOException {
        Path file = raw("int.safetensors",
                "{\"embeddings.position_ids\": {\"dtype\": \"I64\", \"shape\": [1, 2], \"data_offsets\": [0, 16]}}", 16);
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertEquals(StorageType.I64, r.entries().get("embeddings.position_ids").dtype());
            CheckpointException e = assertThrows(CheckpointException.class, () -> r.read("embeddings.position_ids"));
            assertTrue(e.getMessage().contains("not a floating type"), e.getMessage());
            assertThrows(CheckpointException.class, () -> r.read("absent"));
        }
    }

    /** A file with the given header (unpadded) followed by {@code dataBytes} zero bytes. */
    private Path raw(String name, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path file = dir.resolve(name);
        Files.write(file, b.array());
        return file;
    }
}
