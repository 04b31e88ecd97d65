package com.example.allocation.entrypoints.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request body read strictly (book appendix E: validate at the edge). It must be declared as JSON (or
 * not declared), at most 64 KiB, UTF-8, and one JSON object whose fields are exactly the ones the route
 * knows, each of the right type and in range. Every problem with the fields is collected, and
 * {@link #validate()} refuses the request with all of them in one message.
 *
 * <pre>{@code
 * JsonRequest body = JsonRequest.read(ctx, "orderid", "sku", "qty");
 * String orderId = body.text("orderid");
 * int qty = body.integer("qty", 1);
 * body.validate();   // throws ClientError naming every problem; the values above are only good after it
 * }</pre>
 */
final class JsonRequest {

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String TOO_LARGE = "Request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB";
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

    /** @throws ClientError if the request's body is not a single JSON object, as above */
    static JsonRequest read(Context ctx, String... fields) {
        return parse(body(ctx), fields);
    }

    /**
     * The body as text, refused if it is not JSON by its content type, larger than 64 KiB, or not UTF-8.
     * Read with a limit of our own, so a body without a declared length cannot be larger either.
     */
    private static String body(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ClientError(415, "Send the body as JSON, with Content-Type: application/json (got " + contentType + ")");
        }
        if (ctx.contentLength() > MAX_BODY_BYTES) {
            throw new ClientError(413, TOO_LARGE);
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new ClientError("Could not read the request body: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ClientError(413, TOO_LARGE);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ClientError("Request body is not valid UTF-8");
        }
    }

    private static JsonRequest parse(String body, String... fields) {
        if (body == null || body.isBlank()) {
            throw new ClientError("Request body must be a JSON object with " + String.join(", ", fields) + "; it was empty");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ClientError("Request body is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new ClientError("Request body must be a JSON object with " + String.join(", ", fields)
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

    /** @throws ClientError naming every problem found, if there was any */
    void validate() {
        if (!problems.isEmpty()) {
            throw new ClientError(String.join("; ", problems));
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
