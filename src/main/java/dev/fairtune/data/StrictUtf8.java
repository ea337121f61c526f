package dev.fairtune.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a whole file as UTF-8, failing on the first malformed byte with its line; a leading BOM is dropped. */
final class StrictUtf8 {

    private StrictUtf8() {}

    /**
     * @return the file's text without a leading byte-order mark
     * @throws DataException when the file is missing or unreadable, or a byte sequence is not UTF-8
     */
    static String read(Path file) {
        return decode(readBytes(file), file);
    }

    static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file, 0, "no such file; check the path (relative paths resolve against "
                    + Path.of("").toAbsolutePath() + ")", e);
        } catch (IOException e) {
            throw new DataException(file, 0, "cannot read the file (" + e + "); check that it is a readable file", e);
        }
    }

    /**
     * @param file the name used in messages
     * @return the text without a leading byte-order mark
     * @throws DataException when a byte sequence is not UTF-8
     */
    static String decode(byte[] bytes, Path file) {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            out.flip();
            long line = Lines.countBreaks(out, 0, out.limit()) + 1;
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < result.length(); i++) {
                hex.append(String.format("%s0x%02X", i == 0 ? "" : " ", bytes[in.position() + i] & 0xFF));
            }
            throw new DataException(file, line, "byte " + hex + " at byte offset " + in.position()
                    + " is not valid UTF-8; re-save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`"
                    + " when it is Latin-1) and read it again");
        }
        if (decoder.flush(out).isError()) {
            throw new IllegalStateException("UTF-8 decoder failed to flush");
        }
        out.flip();
        return out.toString();
    }
}
