package dev.fairtune.model;

import java.util.Locale;

/**
 * Element types of safetensors files ({@code dtype} in the header) and their widths. FairTune reads
 * the floating types F32, F16 and BF16 (widened to float32 in Java, never handed to the engine as
 * BF16, which aborts the JVM in DJL 0.36) and writes F32, F16 or BF16. The other types are known
 * so that a header holding them can be validated and such tensors (for example the int64 {@code
 * position_ids} buffer) skipped.
 */
public enum StorageType {
    /** IEEE 754 binary32. */
    F32(4, true),
    /** IEEE 754 binary16: 1 sign, 5 exponent, 10 fraction bits. */
    F16(2, true),
    /** bfloat16: the upper 16 bits of a binary32. */
    BF16(2, true),
    /** IEEE 754 binary64 (read as float32 by rounding). */
    F64(8, true),
    /** 64-bit signed integer. */
    I64(8, false),
    /** 32-bit signed integer. */
    I32(4, false),
    /** 16-bit signed integer. */
    I16(2, false),
    /** 8-bit signed integer. */
    I8(1, false),
    /** 8-bit unsigned integer. */
    U8(1, false),
    /** Boolean, one byte. */
    BOOL(1, false);

    private final int bytes;
    private final boolean floating;

    StorageType(int bytes, boolean floating) {
        this.bytes = bytes;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether FairTune can read this type as float32 weights. */
    public boolean isFloating() {
        return floating;
    }

    /**
     * The type named by a safetensors header.
     *
     * @throws IllegalArgumentException for a name this library does not know
     */
    public static StorageType parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown dtype \"" + name + "\"", e);
        }
    }

    /** binary16 bits to float: exact (every half value is a float). */
    public static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) { // inf or NaN
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal half: mant * 2^-24
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** float to binary16 bits, rounding to nearest even; overflow gives infinity, NaN stays NaN. */
    public static short floatToHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFFFFFF;
        if (abs >= 0x7F800000) { // inf or NaN
            return (short) (sign | 0x7C00 | (abs > 0x7F800000 ? 0x200 : 0));
        }
        if (abs >= 0x477FF000) { // rounds to >= 65520: overflow
            return (short) (sign | 0x7C00);
        }
        if (abs < 0x38800000) { // below the smallest normal half (2^-14): subnormal or zero
            if (abs < 0x33000000) { // below half of the smallest subnormal (2^-25) → 0
                return (short) sign;
            }
            int exp = abs >>> 23;
            int mant = (abs & 0x7FFFFF) | 0x800000;
            int shift = 126 - exp; // value = mant * 2^(exp-150); in units of 2^-24: shift right by (126-exp)
            int q = mant >>> shift;
            int rem = mant & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rem > halfway || (rem == halfway && (q & 1) == 1)) {
                q++;
            }
            return (short) (sign | q);
        }
        int e = (abs >>> 23) - 112;
        int mant = abs & 0x7FFFFF;
        int q = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1FFF;
        if (rem > 0x1000 || (rem == 0x1000 && (q & 1) == 1)) {
            q++; // may carry into the exponent, which is the correct rounding
        }
        return (short) (sign | q);
    }

    /** bfloat16 bits to float: exact. */
    public static float bf16ToFloat(short b) {
        return Float.intBitsToFloat((b & 0xFFFF) << 16);
    }

    /** float to bfloat16 bits, rounding to nearest even; NaN stays NaN. */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }
}
