package com.example.allocation.entrypoints.http;

import com.example.allocation.domain.commands.Command;
import com.example.allocation.entrypoints.JsonCommands;
import com.example.allocation.servicelayer.messagebus.CommandType;
import com.example.allocation.servicelayer.messagebus.Field;
import com.example.allocation.servicelayer.messagebus.MalformedCommand;
import com.example.allocation.servicelayer.messagebus.Raw;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A request body read strictly (book appendix E: validate at the edge). It must be declared as JSON (or
 * not declared), at most 64 KiB, UTF-8, and one JSON object whose fields are exactly the ones the route
 * knows, each of the right type and in range by the catalogue of commands' rules. Every problem with the fields
 * is collected, and the request is refused with all of them in one message:
 * {@code JsonRequest.read(ctx, Commands.ALLOCATE)} gives the command, or throws {@link ClientError} naming them.
 */
final class JsonRequest {

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String TOO_LARGE = "Request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB";
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

    private JsonRequest(JsonNode body, Collection<String> fields) {
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

    /**
     * The command of {@code type} in the request: its fields from the route's path parameters ({@code /holds/{holdid}})
     * and from the body, which holds exactly the others; with no others, the body is not read.
     *
     * @throws ClientError naming every problem, as above
     */
    static <C extends Command> C read(Context ctx, CommandType<C> type) {
        Map<String, String> path = ctx.pathParamMap();
        List<String> inBody = type.fieldNames().stream().filter(name -> !path.containsKey(name)).toList();
        JsonRequest request = inBody.isEmpty() ? new JsonRequest(STRICT.createObjectNode(), inBody) : parse(body(ctx), inBody);
        return request.command(type, path);
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

    private static JsonRequest parse(String body, List<String> fields) {
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
        return new JsonRequest(node, fields);
    }

    /**
     * The command in the body, read by the catalogue's rules; an unknown field is a mistake here (a typo should be an
     * error the caller sees), where the message channels ignore it.
     *
     * @throws ClientError naming every problem with the fields, in the catalogue's words
     */
    private <C extends Command> C command(CommandType<C> type, Map<String, String> path) {
        try {
            return type.decode(name -> path.containsKey(name) ? new Raw.Text(path.get(name), true) : JsonCommands.raw(body.get(name)),
                    Field::name, problems);
        } catch (MalformedCommand malformed) {
            throw new ClientError(malformed.getMessage());
        }
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
