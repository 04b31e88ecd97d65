package com.example.allocation.e2e;

import static com.example.allocation.e2e.RunningServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.example.allocation.Bootstrap;
import com.example.allocation.CapturedLog;
import com.example.allocation.Eventually;
import com.example.allocation.Service;
import com.example.allocation.TestConfig;
import com.example.allocation.TestDatabases;
import com.example.allocation.TestRedis;
import com.example.allocation.e2e.ApiClient.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * One request followed end to end by its id: {@code X-Request-Id} in, the same id back, on every log line written
 * while it is handled, and as {@code correlation_id} on the message its change sends out through the outbox.
 */
class RequestIdIT {

    private static final Duration SOON = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestRedis redis = new TestRedis();
    private final Service service = Bootstrap.start(TestConfig.on(TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES))
            .with("REDIS_URL", redis.url())
            .outboxPolledEvery(Duration.ofMillis(300)).build());
    private final ApiClient api = new ApiClient(service.port());
    private final String sku = unique("SKU");

    @AfterEach
    void stop() {
        service.close();
        redis.close();
    }

    @Test
    void a_request_id_sent_by_the_client_comes_back_is_logged_and_reaches_the_message_its_change_publishes() throws Exception {
        api.addBatch(unique("batch"), sku, 10, null);
        String order = unique("order");

        try (TestRedis.Listener lineAllocated = redis.listen("line_allocated");
                CapturedLog log = new CapturedLog(Logger.ROOT_LOGGER_NAME, Level.INFO, "%X{request_id} %logger %safeMessage%n")) {
            Response response = api.withHeader("X-Request-Id", "order-service:req-42").allocate(order, sku, 3);

            assertThat(response.status()).isEqualTo(202);
            assertThat(response.header("X-Request-Id")).contains("order-service:req-42");
            JsonNode message = JSON.readTree(lineAllocated.await(m -> m.contains(order), SOON));
            assertThat(message.get("correlation_id").asText()).isEqualTo("order-service:req-42");
            Eventually.await("the access log line", SOON, () -> log.text().contains("POST /allocate 202"));
            assertThat(log.text().lines().filter(line -> line.contains("POST /allocate 202")))
                    .singleElement().asString().startsWith("order-service:req-42 access ");
        }
    }

    @Test
    void a_request_without_a_usable_id_gets_one_of_the_services_own_which_its_message_carries() throws Exception {
        api.addBatch(unique("batch"), sku, 10, null);
        String plain = unique("order");
        String hostile = unique("order");

        try (TestRedis.Listener lineAllocated = redis.listen("line_allocated")) {
            Response none = api.allocate(plain, sku, 1);
            Response unsafe = api.withHeader("X-Request-Id", "evil id; <script>\"quoted\" with spaces").allocate(hostile, sku, 1);
            Response tooLong = api.withHeader("X-Request-Id", "x".repeat(129)).get("/health/live");

            String made = none.header("X-Request-Id").orElseThrow();
            assertThat(made).matches("[0-9a-f-]{36}");
            assertThat(unsafe.header("X-Request-Id")).get().asString().matches("[0-9a-f-]{36}").isNotEqualTo(made);
            assertThat(tooLong.header("X-Request-Id")).get().asString().matches("[0-9a-f-]{36}");
            assertThat(JSON.readTree(lineAllocated.await(m -> m.contains(plain), SOON)).get("correlation_id").asText()).isEqualTo(made);
            assertThat(JSON.readTree(lineAllocated.await(m -> m.contains(hostile), SOON)).get("correlation_id").asText())
                    .isEqualTo(unsafe.header("X-Request-Id").orElseThrow());
        }
    }
}
