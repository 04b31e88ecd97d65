package com.example.allocation.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.TestKafka;
import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.BatchCreated;
import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.outbox.ChannelMessage;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Events published on a real Kafka broker (single-node KRaft, started by the test). */
class KafkaPublisherIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestKafka kafka = new TestKafka();

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private static KafkaPublisher publisher() {
        return new KafkaPublisher(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static OutboxEntry entry(String topic, Event event, Origin origin) {
        return new OutboxEntry(1, UUID.randomUUID(), new ChannelMessage(topic, event), origin, Instant.parse("2026-11-21T20:00:00Z"));
    }

    @Test
    void a_page_of_events_goes_out_at_once_keyed_by_sku_in_order_with_its_identity_in_value_and_headers() throws Exception {
        String topic = "events-" + UUID.randomUUID();
        kafka.createTopic(topic, 3);
        List<OutboxEntry> page = new ArrayList<>();
        page.add(entry(topic, new BatchCreated("b1", "LAMP", 10, LocalDate.parse("2026-12-24")), Origin.requestedBy("warehouse")));
        for (int i = 0; i < 50; i++) {
            page.add(entry(topic, new Allocated("o" + i, i % 2 == 0 ? "LAMP" : "SOFA", 1, "b1"), Origin.UNAUTHENTICATED));
        }

        try (KafkaPublisher publisher = publisher()) {
            assertThat(publisher.publishAll(page)).isEqualTo(page.size());
            assertThat(publisher.state()).isEqualTo("ok");
        }

        List<ConsumerRecord<String, String>> records = kafka.read(topic, page.size());
        assertThat(records).hasSize(page.size());
        ConsumerRecord<String, String> created = records.stream().filter(r -> r.value().contains("BatchCreated")).findFirst().orElseThrow();
        JsonNode value = JSON.readTree(created.value());
        assertThat(created.key()).isEqualTo("LAMP");
        assertThat(value.path("type").asText()).isEqualTo("BatchCreated");
        assertThat(value.path("batchref").asText()).isEqualTo("b1");
        assertThat(value.path("qty").asInt()).isEqualTo(10);
        assertThat(value.path("eta").asText()).isEqualTo("2026-12-24");
        assertThat(value.path("occurred_at").asText()).isEqualTo("2026-11-21T20:00:00Z");
        assertThat(value.path("message_id").asText()).isEqualTo(page.get(0).messageId().toString());
        assertThat(header(created, "message_id")).isEqualTo(page.get(0).messageId().toString());
        assertThat(header(created, "type")).isEqualTo("BatchCreated");
        assertThat(header(created, "requested_by")).isEqualTo("warehouse");
        for (String sku : List.of("LAMP", "SOFA")) {
            List<String> orders = records.stream().filter(r -> r.key().equals(sku) && r.value().contains("\"Allocated\""))
                    .map(r -> readOrder(r.value())).toList();
            List<String> sent = page.stream().map(OutboxEntry::message).map(m -> ((ChannelMessage) m).event())
                    .filter(e -> e instanceof Allocated a && a.sku().equals(sku)).map(e -> ((Allocated) e).orderId()).toList();
            assertThat(orders).as("the order of %s's events", sku).isEqualTo(sent);
        }
    }

    @Test
    void a_broker_that_is_away_takes_nothing_and_the_publisher_says_so_within_its_bound() {
        String topic = "events-" + UUID.randomUUID();
        kafka.createTopic(topic, 1);
        try (KafkaPublisher publisher = publisher()) {
            publisher.publish(entry(topic, new Allocated("before", "LAMP", 1, "b1"), Origin.UNAUTHENTICATED));
            kafka.stop();
            try {
                long start = System.nanoTime();
                assertThatThrownBy(() -> publisher.publishAll(List.of(entry(topic, new Allocated("during", "LAMP", 1, "b1"),
                        Origin.UNAUTHENTICATED)))).isInstanceOf(RuntimeException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(KafkaProducers.DELIVERY_TIMEOUT.plusSeconds(5));
                assertThat(publisher.state()).startsWith("failing:");
            } finally {
                kafka.start();
            }
            assertThat(publisher.publishAll(List.of(entry(topic, new Allocated("after", "LAMP", 1, "b1"), Origin.UNAUTHENTICATED))))
                    .isEqualTo(1);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String readOrder(String value) {
        try {
            return JSON.readTree(value).path("orderid").asText();
        } catch (Exception e) {
            throw new AssertionError(value, e);
        }
    }
}
