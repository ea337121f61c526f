package dev.fairtune.fuzz;

import java.util.Arrays;
import java.util.Random;

/**
 * Byte-level mutations of a valid seed, as mutation fuzzers make them: one to four of flip a bit,
 * replace a byte (often with one of the bytes parsers care about), insert, delete, duplicate a run,
 * cut the file short. Inputs stay under 64 KiB, so a test's time is bounded.
 */
final class Mutator {
    private static final byte[] INTERESTING = ",\"\n\r{}[]:\\ \t0-.eE\u0000\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    private static final int MAX = 1 << 16;

    private Mutator() {
    }

    static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int k = 0; k < edits; k++) {
            if (b.length == 0) {
                b = new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]};
                continue;
            }
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)]
                        : (byte) random.nextInt(256);
                case 2 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                case 3 -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
                case 4 -> {
                    int len = Math.min(1 + random.nextInt(32), b.length - at);
                    int times = 1 + random.nextInt(64);
                    if (b.length + len * times < MAX) {
                        byte[] c = Arrays.copyOf(b, b.length + len * times);
                        System.arraycopy(b, at, c, at + len * times, b.length - at);
                        for (int t = 0; t < times; t++) {
                            System.arraycopy(b, at, c, at + t * len, len);
                        }
                        b = c;
                    }
                }
                default -> b = Arrays.copyOf(b, at);
            }
        }
        return b;
    }
}
