package com.example.allocation.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Talks HTTP to a running service, as any client would (book chapter 4's api_client, in Java). */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request and its response, as a client saw them; the request's body is null when it was not text. */
    record Exchange(String method, String path, String contentType, String requestBody, Map<String, String> requestHeaders,
            Response response) {
    }

    record Response(int status, String body, Optional<String> location, HttpHeaders headers) {

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("Response is not JSON: " + body, e);
            }
        }

        String message() {
            return json().path("message").asText();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Map<String, String> headers;
    private final Consumer<Exchange> observer;

    ApiClient(int port) {
        this("http://localhost:" + port, Map.of(), exchange -> { });
    }

    private ApiClient(String base, Map<String, String> headers, Consumer<Exchange> observer) {
        this.base = base;
        this.headers = headers;
        this.observer = observer;
    }

    /** The same client, showing each request and its response to {@code observer} once answered. */
    ApiClient observedBy(Consumer<Exchange> observer) {
        return new ApiClient(base, headers, observer);
    }

    /** The same client, sending {@code Authorization: Bearer <token>} with every request. */
    ApiClient withToken(String bearerToken) {
        return withAuthorization("Bearer " + bearerToken);
    }

    /** The same client, sending this {@code Authorization} header with every request. */
    ApiClient withAuthorization(String header) {
        return withHeader("Authorization", header);
    }

    /** The same client, sending this header with every request. */
    ApiClient withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiClient(base, Map.copyOf(more), observer);
    }

    Response post(String path, String json) {
        return send("POST", path, json, "application/json");
    }

    Response get(String path) {
        return send("GET", path, (String) null, null);
    }

    Response addBatch(String batchRef, String sku, int qty, String eta) {
        Response response = post("/add_batch", "{\"ref\": \"%s\", \"sku\": \"%s\", \"qty\": %d, \"eta\": %s}"
                .formatted(batchRef, sku, qty, eta == null ? "null" : "\"" + eta + "\""));
        if (response.status() != 201) {
            throw new AssertionError("add_batch failed: " + response);
        }
        return response;
    }

    Response allocate(String orderId, String sku, int qty) {
        return post("/allocate", "{\"orderid\": \"%s\", \"sku\": \"%s\", \"qty\": %d}".formatted(orderId, sku, qty));
    }

    Response send(String method, String path, String body, String contentType) {
        return send(method, path, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body), contentType, body);
    }

    Response send(String method, String path, HttpRequest.BodyPublisher body, String contentType) {
        return send(method, path, body, contentType, null);
    }

    private Response send(String method, String path, HttpRequest.BodyPublisher body, String contentType, String text) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), BodyHandlers.ofString());
            Response answer = new Response(response.statusCode(), response.body(), response.headers().firstValue("Location"),
                    response.headers());
            observer.accept(new Exchange(method, path, contentType, text, headers, answer));
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
