package com.example.allocation.e2e;

import static com.example.allocation.e2e.RunningServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Bootstrap;
import com.example.allocation.Eventually;
import com.example.allocation.Service;
import com.example.allocation.TestConfig;
import com.example.allocation.TestDatabases;
import com.example.allocation.TestKafka;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service publishing every event on Kafka (docs/asyncapi.yaml): a consumer that was not there when the
 * events happened still reads them all, in order per SKU; a broker outage delays them and loses none.
 */
class KafkaEventsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestKafka kafka = new TestKafka();

    private final String topic = "allocation.events." + UUID.randomUUID();
    private Service service;

    @AfterEach
    void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private ApiClient start() {
        service = Bootstrap.start(TestConfig.on(TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES))
                .with("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()).with("KAFKA_EVENTS_TOPIC", topic)
                .outboxPolledEvery(Duration.ofMillis(300)).build());
        return new ApiClient(service.port());
    }

    @Test
    void a_consumer_that_comes_after_the_facts_reads_every_event_in_order_per_sku() throws Exception {
        ApiClient api = start();
        String lamp = unique("LAMP");
        String sofa = unique("SOFA");
        api.addBatch("warehouse-" + lamp, lamp, 10, null);
        api.addBatch("ship-" + lamp, lamp, 10, "2026-12-24");
        api.addBatch("warehouse-" + sofa, sofa, 1, null);
        api.allocate("o1", lamp, 8);
        api.withHeader("X-Request-Id", "web-shop:checkout-77").allocate("o2", sofa, 2);
        api.post("/change_batch_quantity", "{\"ref\": \"warehouse-" + lamp + "\", \"qty\": 5}");
        api.post("/deallocate", "{\"orderid\": \"o1\", \"sku\": \"" + lamp + "\"}");

        List<ConsumerRecord<String, String>> records = kafka.read(topic, 10);

        assertThat(types(records, lamp)).containsExactly("BatchCreated", "BatchCreated", "Allocated", "BatchQuantityChanged",
                "Deallocated", "Allocated", "LineCancelled");
        assertThat(types(records, sofa)).containsExactly("BatchCreated", "Backordered", "OutOfStock");
        JsonNode reallocated = records.stream().filter(record -> record.key().equals(lamp)).map(record -> json(record.value()))
                .filter(value -> value.path("type").asText().equals("Allocated")).reduce((first, second) -> second).orElseThrow();
        assertThat(reallocated.path("orderid").asText()).isEqualTo("o1");
        assertThat(reallocated.path("batchref").asText()).isEqualTo("ship-" + lamp);
        assertThat(reallocated.path("qty").asInt()).isEqualTo(8);
        assertThat(reallocated.path("occurred_at").asText()).endsWith("Z");
        assertThat(records.stream().map(record -> json(record.value()).path("message_id").asText()).distinct()).hasSize(10);
        // The request that caused an event travels with it: a consumer can tie it back, and find the request's log lines.
        assertThat(records).filteredOn(record -> record.key().equals(sofa) && !json(record.value()).path("type").asText().equals("BatchCreated"))
                .hasSize(2).allSatisfy(record -> {
                    assertThat(new String(record.headers().lastHeader("correlation_id").value(), StandardCharsets.UTF_8))
                            .isEqualTo("web-shop:checkout-77");
                    assertThat(json(record.value()).path("correlation_id").asText()).isEqualTo("web-shop:checkout-77");
                });
    }

    @Test
    void a_broker_outage_delays_events_and_loses_none_while_allocation_goes_on() {
        ApiClient api = start();
        String sku = unique("VASE");
        api.addBatch("b-" + sku, sku, 100, null);
        kafka.read(topic, 1);
        kafka.stop();
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(api.allocate("during-" + i, sku, 1).status()).isEqualTo(202);
            }
            Eventually.await("the producer to notice the outage", Duration.ofSeconds(40),
                    () -> api.get("/health").json().path("kafka").path("producer").asText().startsWith("failing"));
        } finally {
            kafka.start();
        }

        Eventually.await("the backlog delivered", Duration.ofSeconds(60),
                () -> api.get("/health").json().path("outbox_backlog").asInt() == 0);
        List<ConsumerRecord<String, String>> records = kafka.read(topic, 21);
        Set<String> orders = records.stream().map(record -> json(record.value())).filter(value -> value.path("type").asText().equals("Allocated"))
                .map(value -> value.path("orderid").asText()).collect(Collectors.toSet());
        assertThat(orders).hasSize(20);
        assertThat(api.get("/health").json().path("kafka").path("producer").asText()).isEqualTo("ok");
    }

    private static List<String> types(List<ConsumerRecord<String, String>> records, String sku) {
        return records.stream().filter(record -> record.key().equals(sku)).map(record -> json(record.value()).path("type").asText())
                .toList();
    }

    private static JsonNode json(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new AssertionError(value, e);
        }
    }
}
