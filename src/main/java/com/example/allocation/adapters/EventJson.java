package com.example.allocation.adapters;

import com.example.allocation.domain.events.Event;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Events as JSON, under the field names other services read (book chapter 11): each record component, lower-cased —
 * {@code orderId} is {@code orderid}, {@code batchRef} is {@code batchref} — and dates as {@code YYYY-MM-DD}. Every
 * event of the sealed family is written and read the same way, so a new event needs nothing here; the wire names of
 * every event are pinned by a test (EventJsonTest), so a rename of a Java field cannot change them unnoticed.
 */
public final class EventJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private static final ObjectMapper EVENTS = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .propertyNamingStrategy(PropertyNamingStrategies.LOWER_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final Map<String, Class<? extends Event>> TYPES = Arrays.stream(Event.class.getPermittedSubclasses())
            .map(type -> type.asSubclass(Event.class))
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private EventJson() {
    }

    /** The event's fields, without its type: what a {@code line_allocated} message carries. */
    public static ObjectNode fields(Event event) {
        return EVENTS.valueToTree(event);
    }

    /** The event's fields and its type, so that it can be read back with {@link #read(JsonNode)}. */
    public static ObjectNode typed(Event event) {
        return fields(event).put("type", event.getClass().getSimpleName());
    }

    /** Reads tolerantly, as the book's consumers do: keys it does not know are ignored. @throws IllegalArgumentException if the node is not an event written by {@link #typed} */
    public static Event read(JsonNode node) {
        JsonNode type = node.get("type");
        Class<? extends Event> eventType = type == null ? null : TYPES.get(type.asText());
        if (eventType == null) {
            throw new IllegalArgumentException("Unknown event type " + type);
        }
        try {
            return EVENTS.treeToValue(node, eventType);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a " + type.asText() + " event: " + e.getOriginalMessage(), e);
        }
    }
}
