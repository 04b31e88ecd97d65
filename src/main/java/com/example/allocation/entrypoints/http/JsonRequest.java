package com.example.allocation.entrypoints.http;

import com.example.allocation.domain.Require;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
import java.util.Optional;
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
 * String orderId = body.identifier("orderid");
 * int qty = body.integer("qty", 1);
 * body.validate();   // throws ClientError naming every problem; the values above are only good after it
 * }</pre>
 */
final class JsonRequest {

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String TOO_LARGE = "Request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB";
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /**
     * Strict about what the API accepts, and bounded in what parsing may cost: a body of our size needs no
     * deeper nesting, no longer number and no longer string than these.
     */
    private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(16)
                            .maxNumberLength(32)
                            .maxStringLength(MAX_BODY_BYTES)
                            .build())
                    .build())
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
        if (contentType != null && !isJson(contentType)) {
            throw new ClientError(415, "Send the body as JSON in UTF-8, with Content-Type: application/json");
        }
        if (ctx.contentLength() > MAX_BODY_BYTES) {
            throw new ClientError(413, TOO_LARGE);
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            // The connection went while the body was read: BodyDeadline closed it, or the client did.
            throw new ClientError(408, "The request body did not arrive in time");
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

    /** {@code application/json}, in any case, with no parameter but a UTF-8 charset. */
    private static boolean isJson(String contentType) {
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
            if (!parameter.isEmpty() && !parameter.equals("charset=utf-8") && !parameter.equals("charset=\"utf-8\"")) {
                return false;
            }
        }
        return true;
    }

    private static JsonRequest parse(String body, String... fields) {
        if (body == null || body.isBlank()) {
            throw new ClientError("Request body must be a JSON object with " + String.join(", ", fields) + "; it was empty");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new ClientError("Request body is nested too deeply or has a number or string too long for this API");
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new ClientError("Request body is not valid JSON: " + e.getOriginalMessage()
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
        }
        if (node == null || !node.isObject()) {
            throw new ClientError("Request body must be a JSON object with " + String.join(", ", fields)
                    + ", not " + (node == null ? "nothing" : describe(node)));
        }
        return new JsonRequest(node, new LinkedHashSet<>(List.of(fields)));
    }

    /** A required identifier: a string as the domain defines one ({@link Require#identifierProblem}). */
    String identifier(String field) {
        JsonNode value = required(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(field + " must be a string, not " + describe(value));
            return null;
        }
        Optional<String> problem = Require.identifierProblem(field, value.asText());
        problem.ifPresent(problems::add);
        return problem.isEmpty() ? value.asText() : null;
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
