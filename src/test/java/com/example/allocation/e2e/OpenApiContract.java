package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * docs/openapi.yaml held against what the service really does: each exchange a test makes is checked against the
 * document — its route and method, its path parameters and body (with networknt's JSON Schema validator in its
 * OpenAPI 3.1 dialect), its status, its content type, its documented headers and its body. Both ways round: a
 * request the document calls invalid must be refused with a {@code 4xx}, and one the service accepts must be valid
 * by the document. So the document cannot drift from the service without a test failing.
 */
final class OpenApiContract {

    private static final Path DOCUMENT = Path.of("docs", "openapi.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31());
    /** The same document, as the jar carries it (the build copies docs/openapi.yaml there). */
    private final String base = "classpath:openapi.yaml";
    private final Set<String> seen = new TreeSet<>();

    OpenApiContract() {
        try {
            document = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What was checked so far: "METHOD template status", one per kind of exchange. */
    Set<String> seen() {
        return Set.copyOf(seen);
    }

    /** Every operation in the document with every status it documents: "METHOD template status". */
    Set<String> documented() {
        Set<String> all = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation ->
                operation.getValue().get("responses").fieldNames().forEachRemaining(status ->
                        all.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " " + status))));
        return all;
    }

    void check(ApiClient.Exchange exchange) {
        ApiClient.Response response = exchange.response();
        String path = exchange.path().contains("?") ? exchange.path().substring(0, exchange.path().indexOf('?')) : exchange.path();
        Optional<String> template = template(path);
        if (template.isEmpty()) {
            assertThat(response.status()).as("%s %s is no route of the document", exchange.method(), path).isEqualTo(404);
            assertValid("/components/schemas/Message", response.body(), "the body of a 404 for an unknown route");
            seen.add(exchange.method() + " (no route) 404");
            return;
        }
        String method = exchange.method().equals("HEAD") ? "get" : exchange.method().toLowerCase(Locale.ROOT);
        String operationPointer = "/paths/" + escape(template.get()) + "/" + method;
        JsonNode operation = document.at(operationPointer);
        if (operation.isMissingNode()) {
            assertThat(response.status()).as("%s %s is not in the document", exchange.method(), template.get()).isEqualTo(405);
            assertValid("/components/schemas/Message", response.body(), "the body of a 405");
            assertThat(response.header("Allow")).as("Allow on a 405").isPresent();
            seen.add(exchange.method() + " " + template.get() + " 405");
            return;
        }
        String what = exchange.method() + " " + path + " → " + response.status() + " " + response.body();

        List<String> requestProblems = requestProblems(exchange, operation, operationPointer, template.get(), path);
        if (!requestProblems.isEmpty()) {
            assertThat(response.status()).as("the document calls the request invalid (%s), so the service must refuse it: %s",
                    requestProblems, what).isBetween(400, 499);
        }
        if (response.status() < 300) {
            assertThat(requestProblems).as("the service accepted a request the document calls invalid: %s", what).isEmpty();
        }

        String status = String.valueOf(response.status());
        assertThat(operation.get("responses").has(status)).as("status %s is documented for %s %s: %s", status,
                exchange.method(), template.get(), what).isTrue();
        String responsePointer = resolve(operationPointer + "/responses/" + status);
        JsonNode documented = document.at(responsePointer);
        String contentType = response.header("Content-Type").orElse("");
        String mediaType = contentType.contains(";") ? contentType.substring(0, contentType.indexOf(';')).trim() : contentType.trim();
        if (documented.has("content")) {
            assertThat(documented.path("content").has(mediaType)).as("content type %s is documented for %s", contentType, what).isTrue();
        } else {
            assertThat(response.body()).as("a response documented without content has none: %s", what).isEmpty();
        }
        if (mediaType.equals("application/json") && !exchange.method().equals("HEAD")) {
            assertValid(responsePointer + "/content/application~1json/schema", response.body(), what);
        }
        documented.path("headers").fields().forEachRemaining(header -> {
            JsonNode spec = document.at(resolve(responsePointer + "/headers/" + escape(header.getKey())));
            if (spec.path("required").asBoolean()) {
                Optional<String> value = response.header(header.getKey());
                assertThat(value).as("header %s of %s", header.getKey(), what).isPresent();
                assertValid(resolve(responsePointer + "/headers/" + escape(header.getKey())) + "/schema", quoted(value.get()),
                        "header " + header.getKey() + " of " + what);
            }
        });
        seen.add(exchange.method() + " " + template.get() + " " + status);
    }

    /** What the document finds wrong with the request: its path parameters and its body. */
    private List<String> requestProblems(ApiClient.Exchange exchange, JsonNode operation, String operationPointer, String template,
            String path) {
        List<String> problems = new ArrayList<>();
        String[] names = template.split("/");
        String[] values = path.split("/", -1);
        for (Iterator<JsonNode> it = operation.path("parameters").elements(); it.hasNext(); ) {
            JsonNode parameter = it.next();
            String pointer = parameter.has("$ref") ? parameter.get("$ref").asText().substring(1) : null;
            JsonNode spec = pointer == null ? parameter : document.at(pointer);
            String schemaPointer = pointer == null ? null : resolve(pointer + "/schema");
            if (spec.path("in").asText().equals("query")) {
                String name = spec.get("name").asText();
                List<String> given = query(exchange.path(), name);
                if (given.isEmpty() && spec.path("required").asBoolean()) {
                    problems.add("query parameter " + name + " is required");
                }
                for (String value : given) {
                    // A query value is text; one that reads as a number is checked as that number.
                    String json = value.matches("-?\\d+") ? value : quoted(value);
                    problems.addAll(schemaPointer != null ? errors(schemaPointer, json)
                            : errors(operationPointer + "/parameters/" + indexOf(operation, parameter) + "/schema", json));
                }
                continue;
            }
            if (!spec.path("in").asText().equals("path")) {
                continue;
            }
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals("{" + spec.get("name").asText() + "}")) {
                    String value = URLDecoder.decode(values[i].replace("+", "%2B"), StandardCharsets.UTF_8);
                    problems.addAll(errors(schemaPointer, quoted(value)));
                }
            }
        }
        JsonNode body = operation.path("requestBody");
        if (!body.isMissingNode()) {
            if (exchange.contentType() == null || !exchange.contentType().startsWith("application/json")) {
                problems.add("the body is not application/json");
            } else if (exchange.requestBody() != null) {
                problems.addAll(errors(operationPointer + "/requestBody/content/application~1json/schema", exchange.requestBody()));
            }
        }
        return problems;
    }

    private static List<String> query(String path, String name) {
        if (!path.contains("?")) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (String pair : path.substring(path.indexOf('?') + 1).split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            if (URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8).equals(name)) {
                values.add(nameAndValue.length < 2 ? "" : URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static int indexOf(JsonNode operation, JsonNode parameter) {
        int index = 0;
        for (JsonNode candidate : operation.path("parameters")) {
            if (candidate == parameter) {
                return index;
            }
            index++;
        }
        throw new IllegalStateException("parameter not in its operation");
    }

    private void assertValid(String schemaPointer, String json, String what) {
        assertThat(errors(schemaPointer, json)).as("%s, by the document's schema at %s", what, schemaPointer).isEmpty();
    }

    private List<String> errors(String schemaPointer, String json) {
        try {
            JSON.readTree(json);
        } catch (IOException notJson) {
            return List.of("not JSON");
        }
        Schema schema = schemas.getSchema(SchemaLocation.of(base + "#" + schemaPointer));
        return schema.validate(json, InputFormat.JSON).stream()
                .map(error -> error.getInstanceLocation() + " " + error.getMessage()).toList();
    }

    /** The pointer, or where its {@code $ref} leads. */
    private String resolve(String pointer) {
        JsonNode node = document.at(pointer);
        return node.has("$ref") ? node.get("$ref").asText().substring(1) : pointer;
    }

    /** The document's path template that the path matches. */
    private Optional<String> template(String path) {
        for (Iterator<Map.Entry<String, JsonNode>> it = document.get("paths").fields(); it.hasNext(); ) {
            String template = it.next().getKey();
            String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex)) {
                return Optional.of(template);
            }
        }
        return Optional.empty();
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String quoted(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
