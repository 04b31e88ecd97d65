package com.example.allocation.entrypoints.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors the HTTP server finds before any route sees the request — headers or a URL too large, a
 * malformed URL or request line, a body that does not arrive in time — answered like every other error
 * of the API: JSON {@code {"message": ...}}, not an HTML page, with an {@code X-Request-Id} like every other
 * response — the request's own if its headers were read and it sent a safe one, else a new one. The message is ours,
 * by status: nothing the client sent is echoed.
 */
final class JsonErrorHandler extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (!response.getHeaders().contains(RequestIds.HEADER)) {
            response.getHeaders().put(RequestIds.HEADER, RequestIds.chosen(request.getHeaders().get(RequestIds.HEADER)));
        }
        response.write(true, ByteBuffer.wrap(body(code)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        // The request could not be parsed, so whatever id it may have sent is not known: it gets a new one.
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(RequestIds.HEADER, RequestIds.chosen(null));
        return ByteBuffer.wrap(body(status));
    }

    static String message(int status) {
        return switch (status) {
            case 400 -> "The request is malformed: not valid HTTP, or a URL with a bad %-escape, a NUL or another character a URL may not hold";
            case 404 -> "No such route";
            case 408 -> "The request did not arrive in time";
            case 413 -> JsonRequest.TOO_LARGE;
            case 414 -> "The URL is too long";
            case 431 -> "The request's headers are too large";
            case 500 -> "The service failed to handle this request; the fault is logged on our side";
            case 503 -> "The service is unavailable right now; try again shortly";
            default -> "The request could not be served (HTTP " + status + ")";
        };
    }

    private static byte[] body(int status) {
        try {
            return JSON.writeValueAsString(Map.of("message", message(status))).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
