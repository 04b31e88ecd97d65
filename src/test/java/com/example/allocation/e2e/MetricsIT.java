package com.example.allocation.e2e;

import static com.example.allocation.e2e.RunningServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Bootstrap;
import com.example.allocation.Eventually;
import com.example.allocation.Service;
import com.example.allocation.TestConfig;
import com.example.allocation.TestDatabases;
import com.example.allocation.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} (README, "Metrics"): a known set of requests and messages moves each counter by exactly what
 * happened; each route has its latency histogram; the outbox's gauges follow an outage of its destination.
 */
class MetricsIT {

    private static final Duration SOON = Duration.ofSeconds(15);

    private final TestRedis redis = new TestRedis();
    private final Service service = Bootstrap.start(TestConfig.on(TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES))
            .with("REDIS_URL", redis.url())
            .outboxPolledEvery(Duration.ofMillis(200)).build());
    private final ApiClient api = new ApiClient(service.port());
    private final String sku = unique("SKU");

    @AfterEach
    void stop() {
        service.close();
        redis.close();
    }

    @Test
    void requests_and_commands_move_their_counters_by_exactly_what_happened() {
        String batch = unique("batch");
        String order = unique("order");
        Metrics before = Metrics.scrape(api);

        api.addBatch(batch, sku, 10, null);
        api.allocate(order, sku, 4);
        api.allocate(unique("order"), sku, 6);
        api.allocate(unique("order"), sku, 1);
        assertThat(api.allocate(order, "NO-SUCH-" + sku, 1).status()).isEqualTo(400);
        assertThat(api.post("/change_batch_quantity", "{\"ref\": \"" + batch + "\", \"qty\": 12}").status()).isEqualTo(202);
        assertThat(api.get("/orders/" + order).status()).isEqualTo(200);
        assertThat(api.get("/orders/" + unique("nobody")).status()).isEqualTo(404);
        assertThat(api.get("/no/such/route").status()).isEqualTo(404);

        Metrics after = Metrics.scrape(api);
        assertThat(after.since(before, "allocation_commands_total{outcome=\"accepted\",type=\"CreateBatch\"}")).isEqualTo(1);
        assertThat(after.since(before, "allocation_commands_total{outcome=\"accepted\",type=\"Allocate\"}")).isEqualTo(3);
        assertThat(after.since(before, "allocation_commands_total{outcome=\"refused\",type=\"Allocate\"}")).isEqualTo(1);
        assertThat(after.since(before, "allocation_commands_total{outcome=\"accepted\",type=\"ChangeBatchQuantity\"}")).isEqualTo(1);
        assertThat(after.since(before, "allocation_commands_total{outcome=\"failed\",type=\"Allocate\"}")).isZero();
        // 4 and 6 fill the batch of 10 and 1 waits; raising it to 12 fills the backorder from it.
        assertThat(after.since(before, "allocation_allocations_total{outcome=\"allocated\"}")).isEqualTo(3);
        assertThat(after.since(before, "allocation_allocations_total{outcome=\"backordered\"}")).isEqualTo(1);
        // Six commands, one after another: six transactions of one command each.
        assertThat(after.since(before, "allocation_group_commit_batch_size_count")).isEqualTo(6);
        assertThat(after.since(before, "allocation_group_commit_batch_size_sum")).isEqualTo(6);

        String allocate = "method=\"POST\",route=\"/allocate\"";
        assertThat(after.since(before, "http_server_requests_seconds_count{" + allocate + ",status=\"202\"}")).isEqualTo(3);
        assertThat(after.since(before, "http_server_requests_seconds_count{" + allocate + ",status=\"400\"}")).isEqualTo(1);
        assertThat(after.since(before, "http_server_requests_seconds_count{method=\"GET\",route=\"/orders/{orderid}\",status=\"404\"}"))
                .isEqualTo(1);
        assertThat(after.since(before, "http_server_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"}"))
                .isEqualTo(1);
        // A histogram per route, with the buckets a p99 is computed from.
        assertThat(after.has("http_server_requests_seconds_bucket{method=\"GET\",route=\"/orders/{orderid}\",status=\"200\",le=\"+Inf\"}"))
                .isTrue();
        assertThat(after.has("http_server_requests_seconds_bucket{" + allocate + ",status=\"202\",le=\"0.005592405\"}")).isTrue();
        assertThat(after.series().keySet()).noneMatch(series -> series.contains(order)).noneMatch(series -> series.contains(sku));

        // The pool's own binding, the JVM's and the process's.
        assertThat(after.has("hikaricp_connections_max{pool=\"allocation-db\"}")).isTrue();
        assertThat(after.hasAny("jvm_memory_used_bytes{")).isTrue();
        assertThat(after.hasAny("jvm_gc_")).isTrue();
        assertThat(after.has("process_cpu_usage")).isTrue();
        assertThat(after.has("process_uptime_seconds")).isTrue();
    }

    @Test
    void holds_are_counted_once_each_however_many_skus_they_hold_and_the_active_ones_are_a_gauge() {
        String other = unique("SKU");
        api.addBatch(unique("batch"), sku, 10, null);
        api.addBatch(unique("batch"), other, 10, null);
        Metrics before = Metrics.scrape(api);

        String twoSkus = "[{\"sku\": \"" + sku + "\", \"qty\": 1}, {\"sku\": \"" + other + "\", \"qty\": 1}]";
        assertThat(api.post("/holds", "{\"holdid\": \"" + unique("cart") + "\", \"lines\": " + twoSkus + "}").status()).isEqualTo(201);
        String released = unique("cart");
        assertThat(api.post("/holds", "{\"holdid\": \"" + released + "\", \"lines\": " + twoSkus + "}").status()).isEqualTo(201);
        assertThat(api.send("DELETE", "/holds/" + released, (String) null, null).status()).isEqualTo(204);

        Metrics after = Metrics.scrape(api);
        assertThat(after.since(before, "allocation_holds_placed_total")).isEqualTo(2);
        assertThat(after.since(before, "allocation_holds_released_total{reason=\"released\"}")).isEqualTo(1);
        assertThat(after.since(before, "allocation_holds_released_total{reason=\"expired\"}")).isZero();
        assertThat(after.since(before, "allocation_holds_active")).isEqualTo(1);
    }

    @Test
    void invented_methods_and_paths_make_one_series_however_many_there_are() {
        Metrics before = Metrics.scrape(api);

        for (int i = 0; i < 80; i++) {
            assertThat(api.send("FOOBAR" + i, "/health", (String) null, null).status()).isEqualTo(405);
            assertThat(api.send("FOOBAR" + i, "/no/such/route/" + i, (String) null, null).status()).isEqualTo(404);
        }
        assertThat(api.send("get", "/health", (String) null, null).status()).as("methods are case-sensitive").isEqualTo(405);

        Metrics after = Metrics.scrape(api);
        assertThat(after.since(before, "http_server_requests_seconds_count{method=\"other\",route=\"unmatched\",status=\"405\"}"))
                .isEqualTo(81);
        assertThat(after.since(before, "http_server_requests_seconds_count{method=\"other\",route=\"unmatched\",status=\"404\"}"))
                .isEqualTo(80);
        assertThat(after.series().keySet()).noneMatch(series -> series.contains("FOOBAR")).noneMatch(series -> series.contains("/no/such"));
        assertThat(requestSeries(after)).as("series of http_server_requests_seconds_count, before: " + requestSeries(before))
                .hasSizeLessThanOrEqualTo(requestSeries(before).size() + 3);
    }

    private static List<String> requestSeries(Metrics metrics) {
        return metrics.series().keySet().stream().filter(series -> series.startsWith("http_server_requests_seconds_count{")).toList();
    }

    @Test
    void the_outbox_backlog_grows_while_its_destination_is_down_and_drains_when_it_is_back() {
        api.addBatch(unique("batch"), sku, 100, null);
        api.allocate(unique("order"), sku, 1);
        Eventually.await("the first message delivered", SOON,
                () -> Metrics.scrape(api).value("allocation_outbox_deliveries_total{destination=\"line_allocated\"}") >= 1);
        Metrics before = Metrics.scrape(api);

        redis.stop();
        api.allocate(unique("order"), sku, 1);
        api.allocate(unique("order"), sku, 1);
        Eventually.await("a backlog of 2 on line_allocated, and a failed delivery", SOON, () -> {
            Metrics now = Metrics.scrape(api);
            return now.value("allocation_outbox_backlog{destination=\"line_allocated\"}") == 2
                    && now.since(before, "allocation_outbox_delivery_failures_total{destination=\"line_allocated\"}") >= 1;
        });
        Eventually.await("the oldest message's age growing", SOON,
                () -> Metrics.scrape(api).value("allocation_outbox_oldest_age_seconds{destination=\"line_allocated\"}") >= 1);

        redis.start();
        Eventually.await("the backlog delivered", SOON, () -> {
            Metrics now = Metrics.scrape(api);
            return now.value("allocation_outbox_backlog{destination=\"line_allocated\"}") == 0
                    && now.value("allocation_outbox_oldest_age_seconds{destination=\"line_allocated\"}") == 0
                    && now.since(before, "allocation_outbox_deliveries_total{destination=\"line_allocated\"}") == 2;
        });
    }

    @Test
    void each_inbound_message_is_counted_as_applied_or_skipped() throws Exception {
        String batch = unique("batch");
        api.addBatch(batch, sku, 10, null);
        Eventually.await("the consumer subscribed", SOON,
                () -> api.get("/health").json().path("redis").path("consumer").asText().equals("subscribed"));
        Metrics before = Metrics.scrape(api);

        redis.publish("change_batch_quantity", "{\"batchref\": \"" + batch + "\", \"qty\": 5}");
        redis.publish("change_batch_quantity", "not json at all");
        redis.publish("change_batch_quantity", "{\"batchref\": \"" + unique("unknown") + "\", \"qty\": 5}");

        Eventually.await("three messages counted", SOON, () -> {
            Metrics now = Metrics.scrape(api);
            return now.since(before, "allocation_inbound_messages_total{channel=\"change_batch_quantity\",outcome=\"applied\"}") == 1
                    && now.since(before, "allocation_inbound_messages_total{channel=\"change_batch_quantity\",outcome=\"skipped\"}") == 2;
        });
    }
}
