package org.kfrelax.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Algorithm;

/**
 * How {@link AgentConfig} and {@link Algorithm} appear in JSON and YAML (summary.json's
 * {@code config}, checkpoint.json): the config as the object of {@link AgentConfig#toMap()}
 * (camelCase keys, {@code algo} by name), the algorithm by its name; read back through
 * {@link AgentConfig#fromStored}, so a key missing from an older file takes the value runs had
 * before the key existed.
 */
final class AgentConfigJson {
    private AgentConfigJson() {}

    /** The Jackson module registering both. */
    static SimpleModule module() {
        return new SimpleModule("kfrelax-agent-config")
                .addSerializer(Algorithm.class, ToStringSerializer.instance)
                .addSerializer(AgentConfig.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(AgentConfig c, JsonGenerator gen, SerializerProvider p) throws IOException {
                        p.defaultSerializeValue(c.toMap(), gen);
                    }
                })
                .addDeserializer(AgentConfig.class, new JsonDeserializer<>() {
                    @Override
                    public AgentConfig deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
                        Map<String, Object> m = ctx.readValue(parser,
                                ctx.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
                        try {
                            return AgentConfig.fromStored(m);
                        } catch (IllegalArgumentException e) {
                            throw JsonMappingException.from(parser, e.getMessage(), e);
                        }
                    }
                });
    }
}
