package com.example.allocation.entrypoints.http;

import com.example.allocation.domain.AllocationException;
import com.example.allocation.domain.DuplicateBatch;
import com.example.allocation.domain.LineConflict;
import com.example.allocation.domain.UnknownBatch;
import com.example.allocation.domain.UnknownLine;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.servicelayer.ConcurrencyConflict;
import com.example.allocation.servicelayer.MessageBus;
import com.example.allocation.servicelayer.StorageUnavailable;
import com.example.allocation.views.Views;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of SPEC §3 (book chapter 4's Flask app, in Javalin): a thin adapter that checks each
 * request, turns it into a command for the bus or a query for the views, and maps the outcome to a
 * status. Every error is JSON {@code {"message": ...}}; nothing a client sends produces a 5xx or a stack trace.
 */
public final class HttpApi {

    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final Logger access = LoggerFactory.getLogger("access");
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final MessageBus bus;
    private final Views views;
    private final Supplier<Health> health;

    public HttpApi(MessageBus bus, Views views, Supplier<Health> health) {
        this.bus = bus;
        this.views = views;
        this.health = health;
    }

    /**
     * A server for the API on {@code port} (0: any free port), not yet started. It serves requests on
     * virtual threads where the JDK has them (21+), otherwise on a bounded pool; on stop it refuses new
     * connections and lets requests in flight finish, for up to {@code drainTimeoutMillis}.
     */
    public Javalin server(int port, long drainTimeoutMillis) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.jsonMapper(new JavalinJackson(JSON, true));
            config.jetty.port = port;
            config.jetty.modifyServer(server -> {
                server.setHandler(new GracefulHandler());
                server.setStopTimeout(drainTimeoutMillis);
            });
            config.requestLogger.http((ctx, millis) ->
                    access.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(millis)));

            config.routes.post("/add_batch", this::addBatch);
            config.routes.post("/allocate", this::allocate);
            config.routes.get("/allocations/{orderid}", this::allocations);
            config.routes.post("/change_batch_quantity", this::changeBatchQuantity);
            config.routes.post("/deallocate", this::deallocate);
            config.routes.get("/orders/{orderid}", this::order);
            config.routes.get("/products/{sku}", this::product);
            config.routes.get("/health", this::health);

            config.routes.exception(BadRequest.class, (e, ctx) -> respond(ctx, e.status(), e.getMessage()));
            config.routes.exception(AllocationException.class, (e, ctx) -> respond(ctx, status(e), e.getMessage()));
            config.routes.exception(ConcurrencyConflict.class, (e, ctx) -> {
                ctx.header("Retry-After", "1");
                respond(ctx, 503, e.getMessage());
            });
            config.routes.exception(StorageUnavailable.class, (e, ctx) -> {
                log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getCause().toString());
                ctx.header("Retry-After", "5");
                respond(ctx, 503, e.getMessage());
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, e.getStatus(), describe(e, ctx)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("Failed to serve {} {}", ctx.method(), ctx.path(), e);
                respond(ctx, 500, "The service failed to handle this request; the fault is logged on our side");
            });
        });
    }

    private void addBatch(Context ctx) {
        JsonRequest body = JsonRequest.parse(body(ctx), "ref", "sku", "qty", "eta");
        String reference = body.text("ref");
        String sku = body.text("sku");
        int qty = body.integer("qty", 1);
        LocalDate eta = body.optionalDate("eta");
        body.validate();
        bus.handle(new CreateBatch(reference, sku, qty, eta));
        ctx.header("Location", "/products/" + encode(sku));
        respond(ctx, 201, "Batch " + reference + " added");
    }

    private void allocate(Context ctx) {
        JsonRequest body = JsonRequest.parse(body(ctx), "orderid", "sku", "qty");
        String orderId = body.text("orderid");
        String sku = body.text("sku");
        int qty = body.integer("qty", 1);
        body.validate();
        bus.handle(new Allocate(orderId, sku, qty));
        ctx.header("Location", "/orders/" + encode(orderId));
        respond(ctx, 202, "Order line accepted");
    }

    private void allocations(Context ctx) {
        String orderId = pathParam(ctx, "orderid");
        List<Views.Allocation> allocations = views.allocations(orderId);
        if (allocations.isEmpty()) {
            throw new BadRequest(404, "Order " + orderId + " has no allocated line");
        }
        ctx.json(allocations);
    }

    private void changeBatchQuantity(Context ctx) {
        JsonRequest body = JsonRequest.parse(body(ctx), "ref", "qty");
        String reference = body.text("ref");
        int qty = body.integer("qty", 0);
        body.validate();
        bus.handle(new ChangeBatchQuantity(reference, qty));
        respond(ctx, 202, "Quantity of batch " + reference + " set to " + qty);
    }

    private void deallocate(Context ctx) {
        JsonRequest body = JsonRequest.parse(body(ctx), "orderid", "sku");
        String orderId = body.text("orderid");
        String sku = body.text("sku");
        body.validate();
        bus.handle(new Deallocate(orderId, sku));
        respond(ctx, 202, "Line " + sku + " of order " + orderId + " cancelled");
    }

    private void order(Context ctx) {
        String orderId = pathParam(ctx, "orderid");
        ctx.json(views.order(orderId).orElseThrow(() -> new BadRequest(404, "No order " + orderId)));
    }

    private void product(Context ctx) {
        String sku = pathParam(ctx, "sku");
        ctx.json(views.product(sku).orElseThrow(() -> new BadRequest(404, "No product " + sku)));
    }

    private void health(Context ctx) {
        Health current = health.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", current.healthy() ? "ok" : "unavailable");
        body.putAll(current.details());
        ctx.status(current.healthy() ? 200 : 503).json(body);
    }

    /**
     * The body as text, refused if it is not JSON by its content type, larger than 64 KiB, or not UTF-8.
     * Read with a limit of our own, so a body without a declared length cannot be larger either.
     */
    private static String body(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new BadRequest(415, "Send the body as JSON, with Content-Type: application/json (got " + contentType + ")");
        }
        if (ctx.contentLength() > MAX_BODY_BYTES) {
            throw new BadRequest(413, "Request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB");
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new BadRequest("Could not read the request body: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new BadRequest(413, "Request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("Request body is not valid UTF-8");
        }
    }

    private static String pathParam(Context ctx, String name) {
        String value = ctx.pathParam(name);
        if (value.isBlank() || value.length() > JsonRequest.MAX_TEXT_LENGTH) {
            throw new BadRequest(name + " must be 1 to " + JsonRequest.MAX_TEXT_LENGTH + " characters");
        }
        return value;
    }

    private static int status(AllocationException e) {
        if (e instanceof UnknownBatch || e instanceof UnknownLine) {
            return 404;
        }
        if (e instanceof DuplicateBatch || e instanceof LineConflict) {
            return 409;
        }
        return 400;
    }

    private static String describe(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 404 -> "No such route: " + ctx.method() + " " + ctx.path();
            case 405 -> "Method " + ctx.method() + " is not allowed on " + ctx.path();
            case 413 -> "Request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB";
            default -> e.getMessage();
        };
    }

    private static void respond(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("message", message));
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
