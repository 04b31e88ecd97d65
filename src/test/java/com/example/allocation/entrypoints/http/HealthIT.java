package com.example.allocation.entrypoints.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.servicelayer.FakeService;
import com.example.allocation.servicelayer.FakeStore;
import com.example.allocation.views.Views;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /health}: 200 while the database answers, 503 when it does not; the details say why. The probes:
 * {@code /health/live} while the process serves at all, {@code /health/ready} while it should be sent requests.
 */
class HealthIT {

    private static final Telemetry NO_METRICS = new Telemetry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> { });

    @Test
    void health_is_503_while_the_database_does_not_answer_and_200_again_when_it_does() throws Exception {
        AtomicBoolean databaseAnswers = new AtomicBoolean(false);
        HttpApi api = new HttpApi(new FakeService().bus, new Views(Jdbi.create("jdbc:h2:mem:never-used"), new FakeStore()::start),
                () -> new Health(databaseAnswers.get(), Map.of("database", "PostgreSQL 17", "redis", "not connected")),
                new Readiness(databaseAnswers::get), NO_METRICS, new AccessControl(null, null), Clock.systemUTC());
        Javalin server = api.server("127.0.0.1", 0, 5_000).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build();

            HttpResponse<String> down = http.send(health, HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"unavailable\"").contains("\"database\":\"PostgreSQL 17\"");

            databaseAnswers.set(true);
            HttpResponse<String> up = http.send(health, HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).contains("\"status\":\"ok\"").contains("\"redis\":\"not connected\"");
        } finally {
            server.stop();
        }
    }

    @Test
    void readiness_is_503_while_the_database_does_not_answer_or_the_service_drains_and_liveness_stays_200() throws Exception {
        AtomicBoolean databaseAnswers = new AtomicBoolean(false);
        Readiness readiness = new Readiness(databaseAnswers::get);
        HttpApi api = new HttpApi(new FakeService().bus, new Views(Jdbi.create("jdbc:h2:mem:never-used"), new FakeStore()::start),
                () -> new Health(databaseAnswers.get(), Map.of()), readiness, NO_METRICS,
                new AccessControl(null, null), Clock.systemUTC());
        Javalin server = api.server("127.0.0.1", 0, 5_000).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health/ready")).build();
            HttpRequest live = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health/live")).build();

            HttpResponse<String> noDatabase = http.send(ready, HttpResponse.BodyHandlers.ofString());
            assertThat(noDatabase.statusCode()).isEqualTo(503);
            assertThat(noDatabase.body()).isEqualTo("{\"status\":\"not ready\",\"message\":\"The database does not answer\"}");

            databaseAnswers.set(true);
            HttpResponse<String> up = http.send(ready, HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).isEqualTo("{\"status\":\"ready\"}");

            readiness.drain();
            HttpResponse<String> draining = http.send(ready, HttpResponse.BodyHandlers.ofString());
            assertThat(draining.statusCode()).isEqualTo(503);
            assertThat(draining.body()).isEqualTo("{\"status\":\"not ready\",\"message\":\"The service is stopping\"}");
            HttpResponse<String> stillLive = http.send(live, HttpResponse.BodyHandlers.ofString());
            assertThat(stillLive.statusCode()).isEqualTo(200);
            assertThat(stillLive.body()).isEqualTo("{\"status\":\"ok\"}");
        } finally {
            server.stop();
        }
    }
}
