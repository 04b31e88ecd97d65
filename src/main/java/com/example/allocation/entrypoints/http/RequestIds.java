package com.example.allocation.entrypoints.http;

import com.example.allocation.servicelayer.messagebus.Origin;
import io.javalin.http.Context;
import org.slf4j.MDC;

/**
 * Every request has an id: the client's {@code X-Request-Id} when it is a safe one (at most 128 letters, digits
 * and {@code . _ : - + = / @}), else one the service makes. It is sent back in the response, is in the log's
 * context ({@value #LOG_KEY}) for every line written while the request is handled, and travels in the request's
 * {@link Origin} to every message its change sends out, as {@code correlation_id}. A request the HTTP server refuses
 * by itself, before the API sees it, gets one too ({@link JsonErrorHandler}).
 */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    /** The key of the request id in the log's context (SLF4J's MDC): what a JSON log line names it. */
    static final String LOG_KEY = Origin.LOG_KEY;
    private static final String ATTRIBUTE = "request-id";

    private RequestIds() {
    }

    /** Gives the request its id, before anything else is done with it. */
    static void begin(Context ctx) {
        String id = chosen(ctx.header(HEADER));
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
        MDC.put(LOG_KEY, id);
    }

    /** The id of a request that sent {@code sent} as its {@value #HEADER} (null: none, or not read): that one if it is safe, else a new one. */
    static String chosen(String sent) {
        return Origin.acceptableCorrelationId(sent).orElseGet(Origin::newCorrelationId);
    }

    /** The request's id; null only for a request refused before it reached the API (by the server itself). */
    static String of(Context ctx) {
        return ctx.attribute(ATTRIBUTE);
    }

    /** After the request's last log line: the thread may serve another request next (a pool's, on JDK 17). */
    static void end() {
        MDC.remove(LOG_KEY);
    }
}
