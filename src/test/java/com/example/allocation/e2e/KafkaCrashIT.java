package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Eventually;
import com.example.allocation.TestDatabases;
import com.example.allocation.TestKafka;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The jar killed with SIGKILL while it allocates and relays to Kafka, then started again: every line it
 * acknowledged reaches allocation.events, and an event delivered twice carries one message_id.
 */
class KafkaCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new AssertionError(value, e);
        }
    }

    @Test
    void a_service_killed_mid_relay_loses_no_event_of_an_acknowledged_line() throws Exception {
        String topic = "allocation.events." + UUID.randomUUID();
        DatabaseUrl database = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        Path workDir = Files.createTempDirectory(Path.of("target"), "kafka-crash-").toAbsolutePath();
        try (TestKafka kafka = new TestKafka()) {
            Map<String, String> environment = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "KAFKA_EVENTS_TOPIC", topic);
            RunningJar service = RunningJar.start(workDir, database, environment);
            service.api().addBatch("crash-batch", "CRASH-LAMP", 1_000_000, null);

            List<String> acknowledged = LoadUntilKilled.allocate(service, "CRASH-LAMP", 300);

            RunningJar restarted = RunningJar.start(workDir, database, environment);
            try {
                Set<String> allocated = new HashSet<>();
                Map<String, String> messageIdOfOrder = new HashMap<>();
                int[] wanted = {acknowledged.size() + 1};
                Eventually.await("every acknowledged line's event on the topic", Duration.ofSeconds(120), () -> {
                    List<ConsumerRecord<String, String>> records = kafka.read(topic, wanted[0]);
                    for (ConsumerRecord<String, String> record : records) {
                        JsonNode value = json(record.value());
                        if (value.path("type").asText().equals("Allocated")) {
                            String orderId = value.path("orderid").asText();
                            allocated.add(orderId);
                            String earlier = messageIdOfOrder.putIfAbsent(orderId, value.path("message_id").asText());
                            assertThat(earlier == null || earlier.equals(value.path("message_id").asText()))
                                    .as("a redelivered event of %s keeps its message_id", orderId).isTrue();
                        }
                    }
                    wanted[0] = records.size() + 1;
                    return allocated.containsAll(acknowledged);
                });
            } finally {
                restarted.process().destroy();
                restarted.process().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
