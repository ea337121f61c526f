package dev.fairtune.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Small operations on UTF-8 bytes shared by the readers. */
final class Bytes {

    /** Reads eight bytes of a {@code byte[]} as one long. */
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {}

    /** Number of characters (UTF-16 units) that well-formed UTF-8 bytes {@code b[from, to)} decode to. */
    static long chars(byte[] b, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                n += c >= 0xF0 ? 2 : 1;
            }
        }
        return n;
    }

    /** Number of line breaks in {@code b[from, to)}: {@code \n}, {@code \r\n} and a lone {@code \r} each count once. */
    static long lineBreaks(byte[] b, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                n++;
            } else if (b[i] == '\r' && (i + 1 >= to || b[i + 1] != '\n')) {
                n++;
            }
        }
        return n;
    }

    /** The bytes decoded (they are well-formed UTF-8). */
    static String string(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    /** Whether a byte is removed by {@link String#trim()} (every code unit up to U+0020; UTF-8 bytes of larger ones are negative). */
    static boolean trimmed(byte c) {
        return c >= 0 && c <= ' ';
    }
}
