package dev.fairtune.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.fairtune.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The JSON mapper of histories, checkpoint states and sweep records: indented; derived read-only
 * properties (such as {@code defined}) are ignored on reading.
 */
public final class Json {

    /** The mapper. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    /** Writes {@code value} as JSON to {@code file} ({@link AtomicFiles#writeFile}: never half-written). */
    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeFile(file, tmp -> MAPPER.writeValue(tmp.toFile(), value));
    }
}
