package com.example.allocation.entrypoints.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of the metrics (README, "Metrics"): times every request into
 * {@code http_server_requests_seconds{method, route, status}} — a histogram, so that a p99 can be computed — and
 * writes the whole registry in the Prometheus text format for {@code GET /metrics}. Every label comes from a closed
 * set, whatever a client sends, so that the number of series stays fixed: the methods HTTP defines (any other is
 * {@value #OTHER_METHOD}), the routes' templates (any other path is {@value #NO_ROUTE}), and the statuses the service
 * and its server answer with.
 */
public final class Telemetry {

    /** The Prometheus text exposition format, version 0.0.4: what every Prometheus scrapes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The route of a request that matched none: a label of its own, so that random paths cannot grow the series. */
    private static final String NO_ROUTE = "unmatched";
    /** The methods of HTTP (RFC 9110, and RFC 5789's PATCH), each a label of its own; names are case-sensitive. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");
    /** The method of a request that used none of {@link #METHODS}: one label for all, so that invented methods cannot grow the series. */
    private static final String OTHER_METHOD = "other";
    /** The route of the static files Swagger UI is made of. */
    private static final String WEBJARS = "/webjars/*";

    private final PrometheusMeterRegistry registry;
    private final Runnable beforeScrape;
    private final Map<Series, Timer> timers = new ConcurrentHashMap<>();

    /**
     * @param beforeScrape what to bring up to date before each scrape: gauges read from the database, say
     */
    public Telemetry(PrometheusMeterRegistry registry, Runnable beforeScrape) {
        this.registry = registry;
        this.beforeScrape = beforeScrape;
    }

    /** Records a request once it is answered, under its route's template ({@code /orders/{orderid}}), not its path. */
    void record(Context ctx, float millis) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        String method = ctx.method().name();
        Series series = new Series(METHODS.contains(method) ? method : OTHER_METHOD,
                matched != null ? matched.path : ctx.path().startsWith("/webjars/") ? WEBJARS : NO_ROUTE, ctx.statusCode());
        timers.computeIfAbsent(series, this::timer).record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    /** One series of the histogram; there are few (routes × methods × statuses), so each timer is made once. */
    private record Series(String method, String route, int status) {
    }

    private Timer timer(Series series) {
        return Timer.builder("http.server.requests")
                .description("HTTP requests, by route template, method and status")
                .tag("method", series.method())
                .tag("route", series.route())
                .tag("status", String.valueOf(series.status()))
                .publishPercentileHistogram()
                .register(registry);
    }

    void scrape(Context ctx) {
        beforeScrape.run();
        ctx.contentType(CONTENT_TYPE).result(registry.scrape());
    }
}
