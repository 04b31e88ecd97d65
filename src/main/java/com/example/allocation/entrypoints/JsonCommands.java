package com.example.allocation.entrypoints;

import com.example.allocation.domain.commands.Command;
import com.example.allocation.servicelayer.messagebus.CommandType;
import com.example.allocation.servicelayer.messagebus.Field;
import com.example.allocation.servicelayer.messagebus.Raw;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A command in a JSON object, as HTTP bodies, Redis messages and Kafka records carry it: each field's JSON value
 * handed to the catalogue ({@link CommandType#decode}) as what it is, so that the catalogue's rules and words
 * apply whichever channel it came by.
 */
public final class JsonCommands {

    /**
     * How the message channels (Redis, Kafka) read JSON: as it comes (book appendix E), but bounded in what parsing may
     * cost — no command needs deeper nesting or a longer number.
     */
    public static final ObjectMapper MESSAGES = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxNumberLength(32).build())
            .build());

    private JsonCommands() {
    }

    /**
     * @param wireName the name the channel gives a field ({@link Field#name()}, or {@link Field#redisName()} on Redis)
     * @param earlier problems the channel found already, named first
     * @throws com.example.allocation.servicelayer.messagebus.MalformedCommand naming every problem
     */
    public static <C extends Command> C decode(CommandType<C> type, JsonNode object, Function<Field<?>, String> wireName,
            List<String> earlier) {
        return type.decode(name -> raw(object.get(name)), wireName, earlier);
    }

    /** A JSON value as the catalogue reads it; absent and {@code null} are the same. */
    public static Raw raw(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return Raw.ABSENT;
        }
        if (value.isTextual()) {
            return new Raw.Text(value.asText(), true);
        }
        if (value.isNumber()) {
            return new Raw.Number(value.isIntegralNumber() ? value.bigIntegerValue().toString() : value.toString());
        }
        if (value.isArray()) {
            List<Raw> items = new ArrayList<>();
            value.forEach(item -> items.add(raw(item)));
            return new Raw.Items(items);
        }
        if (value.isObject()) {
            Map<String, Raw> fields = new HashMap<>();
            value.fields().forEachRemaining(field -> fields.put(field.getKey(), raw(field.getValue())));
            return new Raw.Entries(fields);
        }
        return new Raw.Other("the boolean " + value.asText());
    }
}
