package org.kfrelax.cli.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.kfrelax.cli.Json;

/** One-line JSON of the seam's records (the project's mapper, without its indentation). */
final class SeamJson {
    private SeamJson() {}

    private static final ObjectMapper MAPPER = Json.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + " in JSON: " + e.getOriginalMessage(), e);
        }
    }
}
