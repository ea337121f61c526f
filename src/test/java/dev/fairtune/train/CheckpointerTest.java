package dev.fairtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import dev.fairtune.model.CheckpointException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Atomic checkpoint directories, pruning, finding the newest, parameter round trips. */
class CheckpointerTest {

    @TempDir
    Path root;

    private static Checkpointer.Contents state(String text) {
        return dir -> Files.writeString(dir.resolve(Checkpointer.STATE), text);
    }

    @Test
    void writesAtomicallyKeepsTheNewestAndTheProtected() throws IOException {
        Checkpointer c = new Checkpointer(root, 2);
        Path first = c.write(5, state("5"), Set.of());
        assertEquals(root.resolve("checkpoint-5"), first);
        c.write(10, state("10"), Set.of(first));
        c.write(15, state("15"), Set.of(first));
        c.write(20, state("20"), Set.of(first));
        // newest two (15, 20) plus the protected 5
        assertEquals(List.of(root.resolve("checkpoint-5"), root.resolve("checkpoint-15"), root.resolve("checkpoint-20")),
                Checkpointer.list(root));
        assertEquals(root.resolve("checkpoint-20"), Checkpointer.latest(root).orElseThrow());
        assertEquals(root.resolve("checkpoint-20"), Checkpointer.resolve(root));
        assertEquals(root.resolve("checkpoint-15"), Checkpointer.resolve(root.resolve("checkpoint-15")));
        assertEquals(15, Checkpointer.stepOf(root.resolve("checkpoint-15")));
        try (Stream<Path> s = Files.list(root)) {
            assertEquals(3, s.count(), "no temporary directories left");
        }
        // rewriting a step replaces it
        c.write(20, state("20 again"), Set.of(first));
        assertEquals("20 again", Files.readString(root.resolve("checkpoint-20").resolve(Checkpointer.STATE)));
    }

    @Test
    void aFailedWriteLeavesNothingAndStaleTemporariesAreRemoved() throws IOException {
        Checkpointer c = new Checkpointer(root, 3);
        c.write(1, state("1"), Set.of());
        assertThrows(UncheckedIOException.class, () -> c.write(2, dir -> {
            Files.writeString(dir.resolve("half"), "x");
            throw new UncheckedIOException(new IOException("disk full"));
        }, Set.of()));
        assertEquals(List.of(root.resolve("checkpoint-1")), Checkpointer.list(root));
        try (Stream<Path> s = Files.list(root)) {
            assertEquals(1, s.count(), "the half-written checkpoint was removed");
        }
        // a crash that left a temporary directory: the next checkpointer removes it
        Files.createDirectories(root.resolve(".checkpoint-3.k2x9.tmp").resolve("model"));
        Files.createDirectories(root.resolve("checkpoint-4"));   // no state file: incomplete, ignored
        new Checkpointer(root, 3);
        assertFalse(Files.exists(root.resolve(".checkpoint-3.k2x9.tmp")));
        assertEquals(root.resolve("checkpoint-1"), Checkpointer.latest(root).orElseThrow());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpointer.resolve(root.resolve("nothing")));
        assertTrue(e.getMessage().contains("no complete checkpoint"), e.getMessage());
    }

    @Test
    void parametersRoundTripBitExactly() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Parameter> a = new LinkedHashMap<>();
            a.put("x.weight", param("x.weight", m.create(new float[] {1.5f, -0.1f, 3e-8f, Float.MIN_VALUE}, new ai.djl.ndarray.types.Shape(2, 2))));
            a.put("y.bias", param("y.bias", m.create(new float[] {7f})));
            Path file = root.resolve("p.safetensors");
            Checkpointer.saveParameters(file, a);
            Map<String, Parameter> b = new LinkedHashMap<>();
            b.put("x.weight", param("x.weight", m.zeros(new ai.djl.ndarray.types.Shape(2, 2))));
            b.put("y.bias", param("y.bias", m.zeros(new ai.djl.ndarray.types.Shape(1))));
            Checkpointer.loadParameters(file, b);
            assertArrayEquals(a.get("x.weight").getArray().toFloatArray(), b.get("x.weight").getArray().toFloatArray());
            assertArrayEquals(new float[] {7f}, b.get("y.bias").getArray().toFloatArray());
            Map<String, Parameter> wrong = Map.of("x.weight", param("x.weight", m.zeros(new ai.djl.ndarray.types.Shape(4))));
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpointer.loadParameters(file, wrong));
            assertTrue(e.getMessage().contains("shape"), e.getMessage());
            Map<String, Parameter> missing = Map.of("z", param("z", m.zeros(new ai.djl.ndarray.types.Shape(1))));
            e = assertThrows(CheckpointException.class, () -> Checkpointer.loadParameters(file, missing));
            assertTrue(e.getMessage().contains("missing"), e.getMessage());
        }
    }

    private static Parameter param(String name, ai.djl.ndarray.NDArray a) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        p.setArray(a);
        a.setRequiresGradient(true);
        return p;
    }
}
