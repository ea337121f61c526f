package dev.fairtune.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Strict UTF-8 for the readers: opening a file with clear errors, and finding the first byte
 * sequence that is not well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF), which the readers report with its line instead of decoding it to a replacement character.
 */
final class StrictUtf8 {

    private StrictUtf8() {}

    /**
     * Opens a file for reading.
     *
     * @throws DataException when the file is missing or unreadable
     */
    static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file, 0, "no such file; check the path (relative paths resolve against "
                    + Path.of("").toAbsolutePath() + ")", e);
        } catch (IOException e) {
            throw new DataException(file, 0, "cannot read the file (" + e + "); check that it is a readable file", e);
        }
    }

    /**
     * Checks {@code b[from, to)}.
     *
     * @param atEnd whether {@code to} is the end of the input; if not, a sequence cut by {@code to} is
     *     left for the next call
     * @return {@code to} when every sequence is well-formed; the start of a sequence cut by {@code to}
     *     when not at the end; otherwise {@code -1 - i} for the malformed sequence starting at {@code i}
     */
    static int check(byte[] b, int from, int to, boolean atEnd) {
        int i = from;
        while (i < to) {
            // ASCII fast path, eight bytes at a time.
            while (i + 8 <= to && (((long) Bytes.LONG.get(b, i)) & 0x8080808080808080L) == 0) {
                i += 8;
            }
            while (i < to && b[i] >= 0) {
                i++;
            }
            if (i >= to) {
                return to;
            }
            int lead = b[i] & 0xFF;
            int n;
            int min;
            if (lead >= 0xC2 && lead <= 0xDF) {
                n = 2;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                n = 3;
                min = 0x800;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                n = 4;
                min = 0x10000;
            } else {
                return -1 - i;
            }
            int cp = lead & (0xFF >> (n + 1));
            for (int k = 1; k < n; k++) {
                if (i + k >= to) {
                    return atEnd ? -1 - i : i;
                }
                int c = b[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    return -1 - i;
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return -1 - i;
            }
            i += n;
        }
        return to;
    }

    /** The length of the malformed sequence at {@code i} (for the message): its lead and following continuation bytes, at most 4. */
    static int badLength(byte[] b, int i, int to) {
        int k = 1;
        while (k < 4 && i + k < to && (b[i + k] & 0xC0) == 0x80 && (b[i] & 0xC0) != 0x80) {
            k++;
        }
        return k;
    }
}
