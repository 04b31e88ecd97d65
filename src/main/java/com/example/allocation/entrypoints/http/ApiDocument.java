package com.example.allocation.entrypoints.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The API's OpenAPI 3.1 document (docs/openapi.yaml, built into the jar), served as JSON at {@code /openapi.json},
 * and the page at {@code /docs} that shows it with Swagger UI from its webjar: both read once, at start-up, and
 * neither needs the network.
 */
final class ApiDocument {

    private static final String DOCUMENT = "/openapi.yaml";
    private static final String PAGE = "/docs/index.html";
    private static final String SWAGGER_UI = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private final String json;
    private final String page;

    private ApiDocument(String json, String page) {
        this.json = json;
        this.page = page;
    }

    static ApiDocument load() {
        try {
            String json = new ObjectMapper().writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(resource(DOCUMENT)));
            Properties swaggerUi = new Properties();
            swaggerUi.load(new StringReader(resource(SWAGGER_UI)));
            String page = resource(PAGE).replace("SWAGGER_UI_VERSION", swaggerUi.getProperty("version"));
            return new ApiDocument(json, page);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the API's document", e);
        }
    }

    String json() {
        return json;
    }

    String page() {
        return page;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ApiDocument.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
