package dev.fairtune.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Codes for byte strings, numbered 0, 1, ... in order of first appearance, so a repeated value costs
 * a lookup, not a String: one byte indexes a table; up to seven bytes are packed into a long key of
 * an open-addressing table; longer values are hashed and compared byte by byte.
 */
final class ByteDictionary {

    private byte[] pool = new byte[256];
    private int poolUsed;
    private int[] offsets = new int[16];
    private int[] lengths = new int[16];
    private int[] hashes = new int[16];
    private int size;
    /** How many values of eight bytes or more the hash table holds. */
    private int longSize;
    /** Slots hold code + 1; 0 is empty. */
    private int[] table = new int[32];
    /** Code + 1 of each one-byte value; 0 when not seen. */
    private final int[] single = new int[256];
    /** Packed keys (length in the top byte) of values up to seven bytes, and their code + 1 (0: empty slot). */
    private long[] packedKeys = new long[16];
    private int[] packedCodes = new int[16];
    private int packedSize;

    /** The code of {@code b[off, off + len)}, adding it when new. */
    int code(byte[] b, int off, int len) {
        if (len == 1) {
            int c = single[b[off] & 0xFF] - 1;
            if (c < 0) {
                c = add(b, off, 1, 0);
                single[b[off] & 0xFF] = c + 1;
            }
            return c;
        }
        if (len < 8) {
            return packed(b, off, len);
        }
        int h = 1;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + b[i];
        }
        h ^= h >>> 16;
        int mask = table.length - 1;
        int slot = h & mask;
        while (table[slot] != 0) {
            int c = table[slot] - 1;
            if (hashes[c] == h && lengths[c] == len && same(b, off, c)) {
                return c;
            }
            slot = (slot + 1) & mask;
        }
        int c = add(b, off, len, h);
        table[slot] = c + 1;
        if (++longSize * 2 > table.length) {
            rehash();
        }
        return c;
    }

    private int packed(byte[] b, int off, int len) {
        long key = (long) len << 56;
        for (int i = 0; i < len; i++) {
            key |= (long) (b[off + i] & 0xFF) << (8 * i);
        }
        long h = key * 0x9E3779B97F4A7C15L;
        int mask = packedKeys.length - 1;
        int slot = (int) (h >>> 40) & mask;
        while (packedCodes[slot] != 0) {
            if (packedKeys[slot] == key) {
                return packedCodes[slot] - 1;
            }
            slot = (slot + 1) & mask;
        }
        int c = add(b, off, len, 0);
        packedKeys[slot] = key;
        packedCodes[slot] = c + 1;
        if (++packedSize * 2 > packedKeys.length) {
            long[] keys = packedKeys;
            int[] codes = packedCodes;
            packedKeys = new long[keys.length * 2];
            packedCodes = new int[keys.length * 2];
            int m = packedKeys.length - 1;
            for (int i = 0; i < keys.length; i++) {
                if (codes[i] != 0) {
                    int s = (int) ((keys[i] * 0x9E3779B97F4A7C15L) >>> 40) & m;
                    while (packedCodes[s] != 0) {
                        s = (s + 1) & m;
                    }
                    packedKeys[s] = keys[i];
                    packedCodes[s] = codes[i];
                }
            }
        }
        return c;
    }

    private boolean same(byte[] b, int off, int code) {
        int len = lengths[code];
        int at = offsets[code];
        if (len <= 16) {
            for (int i = 0; i < len; i++) {
                if (b[off + i] != pool[at + i]) {
                    return false;
                }
            }
            return true;
        }
        return Arrays.equals(b, off, off + len, pool, at, at + len);
    }

    private int add(byte[] b, int off, int len, int h) {
        if (size == offsets.length) {
            offsets = Arrays.copyOf(offsets, size * 2);
            lengths = Arrays.copyOf(lengths, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        if (poolUsed + len > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(poolUsed + len, pool.length * 2));
        }
        System.arraycopy(b, off, pool, poolUsed, len);
        offsets[size] = poolUsed;
        lengths[size] = len;
        hashes[size] = h;
        poolUsed += len;
        return size++;
    }

    private void rehash() {
        table = new int[table.length * 2];
        int mask = table.length - 1;
        for (int c = 0; c < size; c++) {
            if (lengths[c] < 8) {
                continue;
            }
            int slot = hashes[c] & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = c + 1;
        }
    }

    /** The values as strings, indexed by code. */
    List<String> strings() {
        List<String> out = new ArrayList<>(size);
        for (int c = 0; c < size; c++) {
            out.add(Bytes.string(pool, offsets[c], lengths[c]));
        }
        return out;
    }

    /** Adds another dictionary's values (in its code order); returns each of its codes' code here. */
    int[] addAll(ByteDictionary other) {
        int[] map = new int[other.size];
        for (int c = 0; c < other.size; c++) {
            map[c] = code(other.pool, other.offsets[c], other.lengths[c]);
        }
        return map;
    }
}
