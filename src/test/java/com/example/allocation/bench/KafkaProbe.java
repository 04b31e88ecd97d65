package com.example.allocation.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer of the events topic running beside the load: for each event, the time from its commit
 * ({@code occurred_at}) to its arrival here — what a downstream service waits — and how many arrived.
 */
final class KafkaProbe implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Arrival(long committedMillis, long arrivedMillis) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    KafkaProbe(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        thread = new Thread(this::run, "kafka-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                long now = System.currentTimeMillis();
                try {
                    long committed = Instant.parse(JSON.readTree(record.value()).path("occurred_at").asText()).toEpochMilli();
                    synchronized (arrivals) {
                        arrivals.add(new Arrival(committed, now));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("Unreadable event " + record.value(), e);
                }
            }
        }
        consumer.close();
    }

    /** Events committed within the window: how many, and their commit-to-consumer latency, p50 and p99 in ms. */
    String report(long fromMillis, long toMillis) {
        long[] latencies;
        synchronized (arrivals) {
            latencies = arrivals.stream().filter(a -> a.committedMillis() >= fromMillis && a.committedMillis() < toMillis)
                    .mapToLong(a -> a.arrivedMillis() - a.committedMillis()).sorted().toArray();
        }
        if (latencies.length == 0) {
            return "no event arrived";
        }
        double seconds = (toMillis - fromMillis) / 1000.0;
        return String.format("%.0f events/s arrived, commit-to-consumer p50 %d ms, p99 %d ms", latencies.length / seconds,
                latencies[(int) Math.ceil(0.5 * latencies.length) - 1], latencies[(int) Math.ceil(0.99 * latencies.length) - 1]);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
