package com.example.allocation.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The events topic read whole, from the beginning, by a consumer of no group: every acknowledged line announced,
 * a redelivery always the same message, and each product's facts in the order they committed.
 */
final class KafkaEvents {

    /** The topic is taken as read whole when nothing more arrives for this long. */
    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private KafkaEvents() {
    }

    static List<String> check(String bootstrap, String topic, Set<Promises.LineKey> acknowledgedLines) {
        List<String> found = new ArrayList<>();
        Map<String, JsonNode> byMessageId = new HashMap<>();
        Map<String, Instant> lastBySku = new HashMap<>();
        Set<Promises.LineKey> announced = new HashSet<>();
        List<ConsumerRecord<String, String>> records;
        try {
            records = readAll(bootstrap, topic);
        } catch (KafkaException e) {
            // The other checks still have something to say: an unreadable topic is one violation, not the end.
            return List.of("events topic " + topic + " could not be read: " + e);
        }
        for (ConsumerRecord<String, String> record : records) {
            JsonNode event;
            try {
                event = JSON.readTree(record.value());
            } catch (IOException e) {
                found.add("event at " + record.partition() + "/" + record.offset() + " is not JSON: " + e.getMessage());
                continue;
            }
            JsonNode earlier = byMessageId.putIfAbsent(event.path("message_id").asText(), event);
            if (earlier != null) {
                if (!earlier.equals(event)) {
                    found.add("message " + event.path("message_id").asText() + " delivered with two payloads: " + earlier + " and " + event);
                }
                continue;
            }
            String type = event.path("type").asText();
            if (type.equals("Allocated") || type.equals("Backordered")) {
                announced.add(new Promises.LineKey(event.path("orderid").asText(), event.path("sku").asText()));
            }
            Instant occurred = Instant.parse(event.path("occurred_at").asText());
            Instant before = lastBySku.put(record.key(), occurred);
            if (before != null && occurred.isBefore(before)) {
                found.add("events of " + record.key() + " go back in time at " + record.partition() + "/" + record.offset()
                        + ": " + occurred + " after " + before);
            }
        }
        acknowledgedLines.stream().filter(line -> !announced.contains(line))
                .forEach(line -> found.add("line " + line.orderId() + "/" + line.sku() + " was acknowledged and never announced"));
        return found;
    }

    /** Every record of every partition, each partition in offset order. */
    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            Collection<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < QUIET.toNanos()) {
                var polled = consumer.poll(Duration.ofMillis(500));
                if (!polled.isEmpty()) {
                    polled.forEach(records::add);
                    quietSince = System.nanoTime();
                }
            }
        }
        return records;
    }
}
