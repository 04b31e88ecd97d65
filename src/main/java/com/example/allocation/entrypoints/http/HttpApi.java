package com.example.allocation.entrypoints.http;

import com.example.allocation.domain.Require;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.commands.ConfirmHold;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.domain.commands.PlaceHold;
import com.example.allocation.entrypoints.http.Route.Method;
import com.example.allocation.servicelayer.messagebus.CommandBus;
import com.example.allocation.servicelayer.messagebus.CommandType;
import com.example.allocation.servicelayer.messagebus.Commands;
import com.example.allocation.views.Views;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of docs/spec.md §3 (book chapter 4's Flask app, in Javalin): a thin adapter that checks each
 * request, turns it into a command for the bus or a query for the views, and maps the outcome to a
 * status. Every error is JSON {@code {"message": ...}}; nothing a client sends produces a 5xx or a stack trace.
 */
public final class HttpApi {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final Logger accessLog = LoggerFactory.getLogger("access");
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** The longest a request's body may take to arrive, however it trickles in. */
    static final Duration BODY_DEADLINE = Duration.ofSeconds(10);
    /** A connection that sends nothing for this long is closed: between requests, or in the middle of one. */
    static final long IDLE_TIMEOUT_MILLIS = 30_000;
    private static final Set<String> ORDERS = Set.of(AccessControl.ORDERS);
    private static final Set<String> STOCK = Set.of(AccessControl.STOCK);
    private static final Set<String> READ_ORDERS = Set.of(AccessControl.READ, AccessControl.ORDERS);
    private static final Set<String> READ_HOLDS = READ_ORDERS;
    private static final Set<String> READ_STOCK = Set.of(AccessControl.READ, AccessControl.STOCK);
    private static final Set<String> ANY = Set.of(AccessControl.READ, AccessControl.ORDERS, AccessControl.STOCK);
    private static final Set<String> OPEN = Set.of();

    private final List<Route> routes = List.of(
            command(Method.POST, Commands.CREATE_BATCH, STOCK, HttpApi::batchAdded),
            command(Method.POST, Commands.ALLOCATE, ORDERS, HttpApi::lineAccepted),
            new Route(Method.GET, "/allocations/{orderid}", READ_ORDERS, this::allocations),
            command(Method.POST, Commands.CHANGE_BATCH_QUANTITY, STOCK, HttpApi::quantityChanged),
            command(Method.POST, Commands.DEALLOCATE, ORDERS, HttpApi::lineCancelled),
            new Route(Method.GET, "/orders/{orderid}", READ_ORDERS, this::order),
            new Route(Method.GET, "/orders/{orderid}/history", READ_ORDERS, this::history),
            new Route(Method.GET, "/products/{sku}", READ_STOCK, this::product),
            new Route(Method.GET, "/products/{sku}/availability", ANY, this::availability),
            placeHold(),
            new Route(Method.GET, "/holds/{holdid}", READ_HOLDS, this::hold),
            command(Method.POST, Commands.EXTEND_HOLD, ORDERS, (ctx, command) -> ctx.json(holdNow(command.holdId()))),
            command(Method.DELETE, Commands.RELEASE_HOLD, ORDERS, (ctx, command) -> ctx.status(204)),
            command(Method.POST, Commands.CONFIRM_HOLD, ORDERS, HttpApi::holdConfirmed),
            new Route(Method.GET, "/health", OPEN, this::health),
            new Route(Method.GET, "/health/live", OPEN, ctx -> ctx.json(Map.of("status", "ok"))),
            new Route(Method.GET, "/health/ready", OPEN, this::ready),
            new Route(Method.GET, "/metrics", OPEN, this::metrics),
            new Route(Method.GET, "/openapi.json", OPEN, this::openApi),
            new Route(Method.GET, "/docs", OPEN, this::docs));
    private final ApiDocument document = ApiDocument.load();
    private final CommandBus bus;
    private final Views views;
    private final Supplier<Health> health;
    private final Readiness readiness;
    private final Telemetry telemetry;
    private final AccessControl access;
    private final Clock clock;

    /** @param clock the time the views answer for: whether a hold has expired, what stock is held */
    public HttpApi(CommandBus bus, Views views, Supplier<Health> health, Readiness readiness, Telemetry telemetry,
            AccessControl access, Clock clock) {
        this.clock = clock;
        this.bus = bus;
        this.views = views;
        this.health = health;
        this.readiness = readiness;
        this.telemetry = telemetry;
        this.access = access;
    }

    /**
     * A server for the API on {@code port} (0: any free port), not yet started. It serves requests on
     * virtual threads where the JDK has them (21+), otherwise on a bounded pool; on stop it refuses new
     * connections and lets requests in flight finish, for up to {@code drainTimeoutMillis}.
     */
    public Javalin server(String host, int port, long drainTimeoutMillis) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = JsonRequest.MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.staticFiles.enableWebjars(); // Swagger UI for /docs, from its jar
            config.jsonMapper(new JavalinJackson(JSON, true));
            config.jetty.host = host;
            config.jetty.port = port;
            config.jetty.modifyServer(server -> {
                // A request is handed to a thread only once its whole body is in, read without a thread meanwhile,
                // so slow or stalled bodies cannot take the request threads (few, on JDK 17); a body not wholly in
                // within BODY_DEADLINE has its connection closed. Javalin's servlet goes inside BodyDeadline.Arrived.
                server.setHandler(new GracefulHandler(new BodyDeadline.Start(BODY_DEADLINE, new EagerContentHandler(
                        new BodyDeadline.Arrived(),
                        new EagerContentHandler.RetainedContentLoaderFactory(2L * JsonRequest.MAX_BODY_BYTES, -1, true)))));
                server.setErrorHandler(new JsonErrorHandler());
                server.setStopTimeout(drainTimeoutMillis);
            });
            config.jetty.modifyHttpConfiguration(http -> http.setIdleTimeout(IDLE_TIMEOUT_MILLIS));
            config.routes.before(RequestIds::begin);
            config.requestLogger.http((ctx, millis) -> {
                telemetry.record(ctx, millis);
                accessLog.info("{} {} {} {}ms by {}", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(millis),
                        AccessControl.subject(ctx));
                RequestIds.end();
            });

            for (Route route : routes) {
                Handler guarded = route.scopes().isEmpty() ? route.handler() : ctx -> {
                    access.admit(ctx, route.scopes());
                    route.handler().handle(ctx);
                };
                switch (route.method()) {
                    case GET -> config.routes.get(route.path(), guarded);
                    case POST -> config.routes.post(route.path(), guarded);
                    case DELETE -> config.routes.delete(route.path(), guarded);
                }
            }

            Answers.mapFailures(config, this::allowed);
        });
    }

    /**
     * The route of one kind of command, {@code /<its channel>}: the path's parameters and the body read by the
     * catalogue's rules, and the answer given once the command is committed.
     */
    private <C extends Command> Route command(Method method, CommandType<C> type, Set<String> scopes, Answer<C> answer) {
        return new Route(method, "/" + type.channel(), scopes, ctx -> {
            C command = JsonRequest.read(ctx, type);
            bus.handle(command, AccessControl.origin(ctx));
            answer.give(ctx, command);
        });
    }

    @FunctionalInterface
    private interface Answer<C> {
        void give(Context ctx, C command);
    }

    private static void batchAdded(Context ctx, CreateBatch command) {
        ctx.header("Location", "/products/" + encode(command.sku()));
        Answers.respond(ctx, 201, "Batch " + command.batchRef() + " added");
    }

    private static void lineAccepted(Context ctx, Allocate command) {
        ctx.header("Location", "/orders/" + encode(command.orderId()));
        Answers.respond(ctx, 202, "Order line accepted");
    }

    private static void quantityChanged(Context ctx, ChangeBatchQuantity command) {
        Answers.respond(ctx, 202, "Quantity of batch " + command.batchRef() + " set to " + command.qty());
    }

    private static void lineCancelled(Context ctx, Deallocate command) {
        Answers.respond(ctx, 202, "Line " + command.sku() + " of order " + command.orderId() + " cancelled");
    }

    /** {@code POST /holds}: {@code 201} and the hold when it is new, {@code 200} and the hold as it is when it was not. */
    private Route placeHold() {
        return new Route(Method.POST, "/" + Commands.PLACE_HOLD.channel(), ORDERS, ctx -> {
            PlaceHold command = JsonRequest.read(ctx, Commands.PLACE_HOLD);
            boolean known = views.hold(command.holdId(), clock.instant()).isPresent();
            bus.handle(command, AccessControl.origin(ctx));
            ctx.header("Location", "/holds/" + encode(command.holdId()));
            ctx.status(known ? 200 : 201).json(holdNow(command.holdId()));
        });
    }

    private static void holdConfirmed(Context ctx, ConfirmHold command) {
        ctx.header("Location", "/orders/" + encode(command.orderId()));
        Answers.respond(ctx, 202, "Hold " + command.holdId() + " confirmed as order " + command.orderId());
    }

    private void hold(Context ctx) {
        ctx.json(holdNow(pathParam(ctx, "holdid")));
    }

    private Views.HoldView holdNow(String holdId) {
        return views.hold(holdId, clock.instant()).orElseThrow(() -> new ClientError(404, "No hold " + holdId));
    }

    private void allocations(Context ctx) {
        String orderId = pathParam(ctx, "orderid");
        List<Views.Allocation> allocations = views.allocations(orderId);
        if (allocations.isEmpty()) {
            throw new ClientError(404, "Order " + orderId + " has no allocated line");
        }
        ctx.json(allocations);
    }

    private void order(Context ctx) {
        String orderId = pathParam(ctx, "orderid");
        ctx.json(views.order(orderId).orElseThrow(() -> new ClientError(404, "No order " + orderId)));
    }

    private void product(Context ctx) {
        String sku = pathParam(ctx, "sku");
        ctx.json(views.product(sku, clock.instant()).orElseThrow(() -> new ClientError(404, "No product " + sku)));
    }

    private void history(Context ctx) {
        String orderId = pathParam(ctx, "orderid");
        ctx.json(views.history(orderId).orElseThrow(() -> new ClientError(404, "No order " + orderId)));
    }

    /**
     * What a line of {@code ?qty=N} could be promised now; reads only, as allocation would decide. With
     * {@code &holdid=H}, for H's holder: what H holds counts as free.
     */
    private void availability(Context ctx) {
        String sku = pathParam(ctx, "sku");
        QueryParameters query = QueryParameters.of(ctx, "qty", "holdid");
        int qty = query.positiveInteger("qty");
        String holdId = query.optionalIdentifier("holdid");
        ctx.json(views.availability(sku, qty, clock.instant(), holdId).orElseThrow(() -> new ClientError(404, "No product " + sku)));
    }

    /** The service's state; its versions and internals only to a trusted caller (docs/security.md). */
    private void health(Context ctx) {
        Health current = health.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", current.healthy() ? "ok" : "unavailable");
        if (access.trusts(ctx)) {
            body.putAll(current.details());
        }
        ctx.status(current.healthy() ? 200 : 503).json(body);
    }

    /** The API's contract (docs/openapi.yaml), as JSON. */
    private void openApi(Context ctx) {
        ctx.contentType("application/json").result(document.json());
    }

    /** The contract for people: Swagger UI, from the service itself. */
    private void docs(Context ctx) {
        ctx.html(document.page());
    }

    /** For Prometheus: every meter of the service, in its text format. */
    private void metrics(Context ctx) {
        telemetry.scrape(ctx);
    }

    /** For a load balancer: 200 while the service should get requests, 503 with the reason while it should not. */
    private void ready(Context ctx) {
        readiness.problem().ifPresentOrElse(problem -> {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("status", "not ready");
            body.put("message", problem);
            ctx.status(503).json(body);
        }, () -> ctx.json(Map.of("status", "ready")));
    }

    private static String pathParam(Context ctx, String name) {
        String value = ctx.pathParam(name);
        Require.identifierProblem(name, value).ifPresent(problem -> {
            throw new ClientError(problem);
        });
        return value;
    }

    /** The methods a path allows, as an {@code Allow} header says them. */
    String allowed(String rawPath) {
        return routes.stream().filter(route -> route.matches(rawPath)).map(route -> route.method().allowed())
                .collect(Collectors.joining(", "));
    }

    /** A path segment that leads back to the value: percent-encoded, and "." or ".." spelt so that no client resolves it away. */
    static String encode(String pathSegment) {
        String encoded = URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
        return encoded.equals(".") || encoded.equals("..") ? encoded.replace(".", "%2E") : encoded;
    }
}
