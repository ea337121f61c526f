package dev.fairtune.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fairtune.cli.FairTuneCli;
import dev.fairtune.model.CheckpointException;
import dev.fairtune.model.SafetensorsReader;
import dev.fairtune.model.SafetensorsWriter;
import dev.fairtune.model.StorageType;
import dev.fairtune.model.TensorData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Mutation fuzzing of the parsers, seeded and bounded so that every run tries the same inputs: valid
 * seed files (a prediction CSV, its JSON Lines form, a {@code --config} file, a safetensors file)
 * are mutated (bytes flipped, replaced, inserted or deleted, runs duplicated, the file cut short)
 * and each mutant is parsed. A mutant must parse or be refused the documented way: the command line
 * exits 0, 1 or 2 (the {@code docs/getting-started.md} codes for success, bad input and bad usage)
 * and prints no stack trace; the safetensors reader throws {@link CheckpointException} naming the
 * file. Any other exception, exit code 70 (an internal error) or an {@code OutOfMemoryError} fails
 * the test with the mutant's bytes written beside it, to replay.
 */
class ParserFuzzTest {
    private static final int TRIES = Integer.getInteger("fairtune.fuzz.tries", 300);
    private static final Set<Integer> DOCUMENTED = Set.of(FairTuneCli.OK, FairTuneCli.BAD_INPUT, FairTuneCli.USAGE);

    private static final String CSV = """
            label,prediction,score,group,weight
            1,1,0.91,a,1
            0,0,0.12,a,1.5
            1,0,0.43,b,1
            0,1,0.77,b,2
            1,1,0.66,c,1
            0,0,0.05,c,1
            """;

    @TempDir
    Path dir;

    @Test
    void auditSurvivesMutatedCsv() throws IOException {
        fuzzAudit("csv", CSV.getBytes(StandardCharsets.UTF_8), new Random(11));
    }

    @Test
    void auditSurvivesMutatedJsonLines() throws IOException {
        StringBuilder jsonl = new StringBuilder();
        for (String line : CSV.strip().lines().skip(1).toList()) {
            String[] f = line.split(",");
            jsonl.append("{\"label\": ").append(f[0]).append(", \"prediction\": ").append(f[1]).append(", \"score\": ")
                    .append(f[2]).append(", \"group\": \"").append(f[3]).append("\", \"weight\": ").append(f[4])
                    .append("}\n");
        }
        fuzzAudit("jsonl", jsonl.toString().getBytes(StandardCharsets.UTF_8), new Random(12));
    }

    @Test
    void configFilesSurviveMutation() throws IOException {
        Path data = dir.resolve("data.csv");
        Files.writeString(data, CSV);
        byte[] seed = ("label = label\nprediction = prediction\nscore = score\ngroup = group\nreference = a\n")
                .getBytes(StandardCharsets.UTF_8);
        Random random = new Random(13);
        for (int i = 0; i < TRIES; i++) {
            byte[] mutant = Mutator.mutate(seed, random);
            Path config = dir.resolve("fuzz.properties");
            Files.write(config, mutant);
            check(mutant, "properties", "audit", "--config", config.toString(), "-i", data.toString(), "--json");
        }
    }

    @Test
    void safetensorsHeadersSurviveMutation() throws IOException {
        Path valid = dir.resolve("seed.safetensors");
        SafetensorsWriter.write(valid, List.of(TensorData.of("a.weight", new long[] {2, 3},
                new float[] {1, 2, 3, 4, 5, 6}, null), TensorData.of("b", new long[] {2}, new float[] {7, 8}, null)),
                StorageType.F32, Map.of("format", "pt"));
        byte[] seed = Files.readAllBytes(valid);
        Random random = new Random(14);
        Path file = dir.resolve("fuzz.safetensors");
        for (int i = 0; i < TRIES; i++) {
            byte[] mutant = Mutator.mutate(seed, random);
            Files.write(file, mutant);
            try (SafetensorsReader r = SafetensorsReader.open(file)) {
                for (String name : r.entries().keySet()) {
                    r.read(name);
                }
            } catch (CheckpointException e) {
                assertTrue(e.getMessage().contains(file.toString()), "the message names the file: " + e.getMessage());
            } catch (RuntimeException | IOException | OutOfMemoryError e) {
                Path replay = keep(mutant, "safetensors");
                fail("mutant " + replay + " threw " + e, e);
            }
        }
    }

    private void fuzzAudit(String extension, byte[] seed, Random random) throws IOException {
        Path input = dir.resolve("fuzz." + extension);
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        for (int i = 0; i < TRIES; i++) {
            byte[] mutant = Mutator.mutate(seed, random);
            Files.write(input, mutant);
            seen.add(check(mutant, extension, "audit", "-i", input.toString(), "--label", "label", "--prediction", "prediction",
                    "--score", "score", "-g", "group", "--weight", "weight", "--reference", "a", "--json"));
            seen.add(check(mutant, extension, "audit", "-i", input.toString(), "--label", "label", "--prediction",
                    "prediction", "-g", "group", "--skip-bad-rows", "--json"));
        }
        assertTrue(seen.containsAll(Set.of(FairTuneCli.OK, FairTuneCli.BAD_INPUT)),
                "the mutants reach both the measuring and the refusing paths: " + seen);
    }

    /** Runs the command line in-process on a mutant and checks that it ends the documented way. */
    private int check(byte[] mutant, String extension, String... args) throws IOException {
        CommandLine cl = FairTuneCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code;
        try {
            code = FairTuneCli.execute(cl, args);
        } catch (RuntimeException | OutOfMemoryError e) {
            fail("mutant " + keep(mutant, extension) + " escaped the command line: " + e, e);
            return -1;
        }
        String e = err.toString();
        if (!DOCUMENTED.contains(code) || e.contains("\tat ") || e.contains("Exception in thread")) {
            fail("mutant " + keep(mutant, extension) + " ended with exit " + code + ":\n" + e);
        }
        assertFalse(code == FairTuneCli.BAD_INPUT && e.isBlank(), "bad input is refused with a message");
        return code;
    }

    /** Writes a failing mutant under target/fuzz-failures (kept after the test) and returns its path. */
    private static Path keep(byte[] mutant, String extension) throws IOException {
        Path folder = Path.of("target", "fuzz-failures");
        Files.createDirectories(folder);
        Path f = folder.resolve("mutant-" + Integer.toHexString(java.util.Arrays.hashCode(mutant)) + "." + extension);
        Files.write(f, mutant);
        return f.toAbsolutePath();
    }
}
