package com.example.allocation.bench;

import com.example.allocation.TestKafka;
import com.example.allocation.adapters.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code bench/kafka.sh}: a local single-node broker for trying the service by hand, and two helpers.
 * <pre>
 * bench/kafka.sh                       start a broker on 127.0.0.1:9092 (data in target/kafka-local); Ctrl-C stops it
 * bench/kafka.sh watch [TOPIC]         print every record of allocation.events (or TOPIC), from the beginning
 * bench/kafka.sh send JSON [KEY]       send a command to allocation.commands
 * </pre>
 */
public final class LocalKafka {

    private static final String SERVERS = "127.0.0.1:9092";

    private LocalKafka() {
    }

    public static void main(String[] args) throws Exception {
        String verb = args.length == 0 ? "start" : args[0];
        switch (verb) {
            case "start" -> start();
            case "watch" -> watch(args.length > 1 ? args[1] : KafkaSettings.EVENTS_TOPIC);
            case "send" -> send(args[1], args.length > 2 ? args[2] : null);
            default -> {
                System.err.println("Usage: bench/kafka.sh [start | watch [TOPIC] | send JSON [KEY]]");
                System.exit(2);
            }
        }
    }

    private static void start() throws InterruptedException {
        TestKafka kafka = new TestKafka(9092, 9093, Path.of("target", "kafka-local"));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        System.out.println("Kafka on " + kafka.bootstrapServers() + " (data in target/kafka-local). Start the service with");
        System.out.println("  KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers() + " java -jar target/allocation.jar");
        System.out.println("Ctrl-C stops the broker.");
        new CountDownLatch(1).await();
    }

    private static void watch(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SERVERS,
                ConsumerConfig.GROUP_ID_CONFIG, "watch-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    StringBuilder headers = new StringBuilder();
                    for (Header header : record.headers()) {
                        headers.append(' ').append(header.key()).append('=').append(new String(header.value(), StandardCharsets.UTF_8));
                    }
                    System.out.printf("%s-%d@%d key=%s%s%n  %s%n", record.topic(), record.partition(), record.offset(), record.key(),
                            headers, record.value());
                }
            }
        }
    }

    private static void send(String json, String key) {
        TestKafka.sendTo(SERVERS, KafkaSettings.COMMANDS_TOPIC, List.of(new ProducerRecord<>(KafkaSettings.COMMANDS_TOPIC, key, json)));
        System.out.println("Sent to " + KafkaSettings.COMMANDS_TOPIC);
    }
}
