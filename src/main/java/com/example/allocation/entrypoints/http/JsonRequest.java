package com.example.allocation.entrypoints.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request body read strictly (book appendix E: validate at the edge). It must be one JSON object whose
 * fields are exactly the ones the route knows, each of the right type and in range. Every problem found
 * is collected, and {@link #validate()} refuses the request with all of them in one message.
 *
 * <pre>{@code
 * JsonRequest body = JsonRequest.parse(ctx.body(), "orderid", "sku", "qty");
 * String orderId = body.text("orderid");
 * int qty = body.integer("qty", 1);
 * body.validate();   // throws BadRequest naming every problem; the values above are only good after it
 * }</pre>
 */
final class JsonRequest {

    static final int MAX_TEXT_LENGTH = 255;
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode body;
    private final List<String> problems = new ArrayList<>();

    private JsonRequest(JsonNode body, Set<String> fields) {
        this.body = body;
        Set<String> unknown = new LinkedHashSet<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            problems.add("unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " (expected " + String.join(", ", fields) + ")");
        }
    }

    /** @throws BadRequest if the body is not a single JSON object */
    static JsonRequest parse(String body, String... fields) {
        if (body == null || body.isBlank()) {
            throw new BadRequest("Request body must be a JSON object with " + String.join(", ", fields) + "; it was empty");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest("Request body is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest("Request body must be a JSON object with " + String.join(", ", fields)
                    + ", not " + (node == null ? "nothing" : describe(node)));
        }
        return new JsonRequest(node, new LinkedHashSet<>(List.of(fields)));
    }

    /** A required non-blank string of at most 255 characters. */
    String text(String field) {
        JsonNode value = required(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(field + " must be a string, not " + describe(value));
        } else if (value.asText().isBlank()) {
            problems.add(field + " must not be blank");
        } else if (value.asText().length() > MAX_TEXT_LENGTH) {
            problems.add(field + " must be at most " + MAX_TEXT_LENGTH + " characters, got " + value.asText().length());
        } else {
            return value.asText();
        }
        return null;
    }

    /** A required whole number from {@code min} to 2,147,483,647. */
    int integer(String field, int min) {
        JsonNode value = required(field);
        if (value == null) {
            return min;
        }
        if (!value.isIntegralNumber()) {
            problems.add(field + " must be a whole number, not " + describe(value));
        } else if (!value.canConvertToInt() || value.intValue() < min) {
            problems.add(field + " must be from " + min + " to " + Integer.MAX_VALUE + ", got " + value.asText());
        } else {
            return value.intValue();
        }
        return min;
    }

    /** An optional date, "YYYY-MM-DD"; absent or null means none. */
    LocalDate optionalDate(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || !DATE.matcher(value.asText()).matches()) {
            problems.add(field + " must be a date written YYYY-MM-DD, or null, not " + describe(value));
            return null;
        }
        try {
            return LocalDate.parse(value.asText());
        } catch (DateTimeParseException e) {
            problems.add(field + " " + value + " is not a real calendar date");
            return null;
        }
    }

    /** @throws BadRequest naming every problem found, if there was any */
    void validate() {
        if (!problems.isEmpty()) {
            throw new BadRequest(String.join("; ", problems));
        }
    }

    private JsonNode required(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            problems.add(field + " is required");
            return null;
        }
        return value;
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return switch (value.getNodeType()) {
            case STRING -> "the string " + shown;
            case NUMBER -> "the number " + shown;
            case BOOLEAN -> "the boolean " + shown;
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> shown;
        };
    }
}
