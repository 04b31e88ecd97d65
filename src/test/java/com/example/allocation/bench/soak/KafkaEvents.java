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
 * The events topic read whole, from the beginning, by a consumer of no group: every acknowledged change announced —
 * a line placed or cancelled, a batch added, a hold placed — a redelivery always the same message, and each
 * product's facts in the order they committed.
 */
final class KafkaEvents {

    /** What acknowledged changes must have announced, each by the event's own key. */
    record Expected(Set<Promises.LineKey> lines, Set<Promises.LineKey> cancellations, Set<String> batches, Set<String> holds) {

        /** From the journal: every 2xx add_batch, deallocate and place_hold; the lines, as the promises worked them out. */
        static Expected of(List<Journal.Op> ops, Set<Promises.LineKey> acknowledgedLines) {
            Set<Promises.LineKey> cancellations = new HashSet<>();
            Set<String> batches = new HashSet<>();
            Set<String> holds = new HashSet<>();
            for (Journal.Op op : ops) {
                if (op.acknowledged()) {
                    switch (op.kind()) {
                        case "deallocate" -> cancellations.add(new Promises.LineKey(op.target(), op.sku()));
                        case "add_batch" -> batches.add(op.target());
                        case "place_hold" -> holds.add(op.target());
                        default -> { }
                    }
                }
            }
            return new Expected(acknowledgedLines, cancellations, batches, holds);
        }
    }

    /** The topic is taken as read whole when nothing more arrives for this long. */
    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private KafkaEvents() {
    }

    static List<String> check(String bootstrap, String topic, Expected expected) {
        List<String> found = new ArrayList<>();
        Map<String, JsonNode> byMessageId = new HashMap<>();
        Map<String, Instant> lastBySku = new HashMap<>();
        Set<Promises.LineKey> announced = new HashSet<>();
        Set<Promises.LineKey> cancelled = new HashSet<>();
        Set<String> batchesCreated = new HashSet<>();
        Set<String> holdsPlaced = new HashSet<>();
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
            Promises.LineKey line = new Promises.LineKey(event.path("orderid").asText(), event.path("sku").asText());
            switch (event.path("type").asText()) {
                case "Allocated", "Backordered" -> announced.add(line);
                case "LineCancelled" -> cancelled.add(line);
                case "BatchCreated" -> batchesCreated.add(event.path("batchref").asText());
                case "HoldPlaced" -> holdsPlaced.add(event.path("holdid").asText());
                default -> { }
            }
            Instant occurred = Instant.parse(event.path("occurred_at").asText());
            Instant before = lastBySku.put(record.key(), occurred);
            if (before != null && occurred.isBefore(before)) {
                found.add("events of " + record.key() + " go back in time at " + record.partition() + "/" + record.offset()
                        + ": " + occurred + " after " + before);
            }
        }
        expected.lines().stream().filter(line -> !announced.contains(line))
                .forEach(line -> found.add("line " + line.orderId() + "/" + line.sku() + " was acknowledged and never announced"));
        expected.cancellations().stream().filter(line -> !cancelled.contains(line))
                .forEach(line -> found.add("cancellation of " + line.orderId() + "/" + line.sku() + " was acknowledged and never announced"));
        expected.batches().stream().filter(ref -> !batchesCreated.contains(ref))
                .forEach(ref -> found.add("batch " + ref + " was acknowledged and never announced"));
        expected.holds().stream().filter(hold -> !holdsPlaced.contains(hold))
                .forEach(hold -> found.add("hold " + hold + " was acknowledged and never announced"));
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
