package com.example.allocation.entrypoints.http;

import com.example.allocation.domain.refusals.AllocationException;
import com.example.allocation.domain.refusals.DuplicateBatch;
import com.example.allocation.domain.refusals.HoldConflict;
import com.example.allocation.domain.refusals.HoldShort;
import com.example.allocation.domain.refusals.LineConflict;
import com.example.allocation.domain.refusals.UnknownBatch;
import com.example.allocation.domain.refusals.UnknownHold;
import com.example.allocation.domain.refusals.UnknownLine;
import com.example.allocation.entrypoints.http.auth.AccessTokens;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import com.example.allocation.servicelayer.ports.StorageTimeout;
import com.example.allocation.servicelayer.ports.StorageUnavailable;
import com.example.allocation.servicelayer.writes.ServiceBusy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the API answers when it does not do what was asked: every answer JSON {@code {"message": ...}}; a client's
 * mistake a 4xx that changed nothing; a valid request that could not be served now a 503 with {@code Retry-After};
 * a fault of ours a 500 that names no internals (docs/spec.md §3).
 */
final class Answers {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    private Answers() {
    }

    /** @param allowed the methods a raw path allows, for a 405's {@code Allow} header */
    static void mapFailures(JavalinConfig config, UnaryOperator<String> allowed) {
        config.routes.exception(ClientError.class, (e, ctx) -> respond(ctx, e.status(), e.getMessage()));
        config.routes.exception(AllocationException.class, (e, ctx) -> respond(ctx, status(e), e.getMessage()));
        config.routes.exception(HoldShort.class, (e, ctx) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("message", e.getMessage());
            body.put("short", e.shortfalls());
            ctx.status(409).json(body);
        });
        config.routes.exception(ConcurrencyConflict.class, (e, ctx) -> tryAgain(ctx, 1, e.getMessage()));
        config.routes.exception(StorageUnavailable.class, (e, ctx) -> {
            log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getCause().toString());
            tryAgain(ctx, 5, e.getMessage());
        });
        config.routes.exception(StorageTimeout.class, (e, ctx) -> {
            log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getCause().toString());
            tryAgain(ctx, 1, e.getMessage());
        });
        config.routes.exception(ServiceBusy.class, (e, ctx) -> tryAgain(ctx, 1, e.getMessage()));
        config.routes.exception(AccessTokens.KeysUnavailable.class, (e, ctx) -> {
            log.warn("{} {}: {}", ctx.method(), ctx.path(), String.valueOf(e.getCause()));
            tryAgain(ctx, e.retryAfterSeconds(), e.getMessage());
        });
        config.routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, e.getStatus(), describe(e, ctx, allowed)));
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("Failed to serve {} {}", ctx.method(), ctx.path(), e);
            respond(ctx, 500, "The service failed to handle this request; the fault is logged on our side");
        });
    }

    static void respond(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("message", message));
    }

    /** A valid request the service could not serve right now: nothing was changed, and it may be sent again. */
    private static void tryAgain(Context ctx, int afterSeconds, String message) {
        ctx.header("Retry-After", String.valueOf(afterSeconds));
        respond(ctx, 503, message);
    }

    private static int status(AllocationException e) {
        if (e instanceof UnknownBatch || e instanceof UnknownLine || e instanceof UnknownHold) {
            return 404;
        }
        if (e instanceof DuplicateBatch || e instanceof LineConflict || e instanceof HoldConflict) {
            return 409;
        }
        return 400;
    }

    private static String describe(HttpResponseException e, Context ctx, UnaryOperator<String> allowed) {
        return switch (e.getStatus()) {
            case 404 -> "No such route: " + ctx.method() + " " + ctx.path();
            case 405 -> {
                ctx.header("Allow", allowed.apply(ctx.req().getRequestURI()));
                yield "Method " + ctx.method() + " is not allowed on " + ctx.path();
            }
            case 413 -> JsonRequest.TOO_LARGE;
            default -> e.getMessage();
        };
    }
}
