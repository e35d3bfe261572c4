package org.kfrelax.cli.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.kfrelax.cli.Json;

/** One-line JSON of the seam's records (the project's mapper, without its indentation). */
final class SeamJson {
    private SeamJson() {}

    static String write(Object value) {
        return Json.toLine(value);
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + " in JSON: " + e.getOriginalMessage(), e);
        }
    }
}
