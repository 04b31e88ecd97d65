package com.example.allocation.entrypoints.kafka;

import com.example.allocation.domain.refusals.AllocationException;
import com.example.allocation.servicelayer.messagebus.Envelope;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.writes.DirectBus;
import com.example.allocation.servicelayer.writes.GroupCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads commands from the commands topic (docs/asyncapi.yaml) as a member of the service's consumer group, so
 * that instances share its partitions, and applies them with an exactly-once effect:
 * <ol>
 *   <li>each poll's commands run together through {@link DirectBus#handleTogether} — one transaction, Kafka's
 *       own batching as group commit — each in an {@link Envelope} naming its record (the sender's
 *       {@code message_id}, or topic, partition and offset), which the bus records in the inbox in that same
 *       transaction, and by which it recognises a record it applied before;</li>
 *   <li>records that cannot be read or that the rules refuse go to the dead-letter topic with the reason in
 *       header {@code error}, and are logged;</li>
 *   <li>only then are the offsets committed. A crash or a rebalance in between delivers the records again;
 *       the inbox turns them into acknowledgements.</li>
 * </ol>
 * A failure that is nobody's fault (the database or the broker away) rewinds the partitions to the poll's
 * first records and tries again a second later: a partition is never skipped past, nor blocked by a bad record.
 */
public final class KafkaCommandConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaCommandConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);
    private static final int LOGGED_VALUE_LENGTH = 200;

    private final KafkaConsumer<String, String> consumer;
    private final Producer<String, String> deadLetters;
    private final String topic;
    private final String deadLetterTopic;
    private final DirectBus bus;
    private final Counter applied;
    private final Counter deadLettered;
    private final List<KafkaClientMetrics> clientMetrics;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String state = "starting";

    /**
     * @param deadLetters a producer that loses nothing it acknowledged, for the dead-letter topic; closed with this
     */
    public KafkaCommandConsumer(Map<String, Object> clientSettings, String topic, String deadLetterTopic, String groupId,
            Producer<String, String> deadLetters, DirectBus bus) {
        this(clientSettings, topic, deadLetterTopic, groupId, deadLetters, bus, new CompositeMeterRegistry());
    }

    /**
     * @param meters where each record is counted ({@code allocation_inbound_messages_total{channel, outcome}}), and
     *     where the consumer's and the dead-letter producer's own metrics go, its lag among them
     *     ({@code kafka_consumer_fetch_manager_records_lag_max}, Micrometer's Kafka binding)
     */
    public KafkaCommandConsumer(Map<String, Object> clientSettings, String topic, String deadLetterTopic, String groupId,
            Producer<String, String> deadLetters, DirectBus bus, MeterRegistry meters) {
        Map<String, Object> consumerSettings = new HashMap<>(clientSettings);
        consumerSettings.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerSettings.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerSettings.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerSettings.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, GroupCommit.DEFAULT_MAX_BATCH);
        consumerSettings.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "allocation-commands");
        this.consumer = new KafkaConsumer<>(consumerSettings, new StringDeserializer(), new StringDeserializer());
        this.deadLetters = deadLetters;
        this.topic = topic;
        this.deadLetterTopic = deadLetterTopic;
        this.bus = bus;
        this.applied = inbound(meters, topic, "applied");
        this.deadLettered = inbound(meters, topic, "dead_lettered");
        this.clientMetrics = List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(deadLetters));
        clientMetrics.forEach(binder -> binder.bindTo(meters));
        this.thread = new Thread(this::run, "kafka-commands");
        thread.setDaemon(true);
    }

    private static Counter inbound(MeterRegistry meters, String topic, String outcome) {
        return Counter.builder("allocation.inbound.messages").description("Messages received from other systems, by how they ended")
                .tag("channel", topic).tag("outcome", outcome).register(meters);
    }

    public KafkaCommandConsumer start() {
        thread.start();
        return this;
    }

    /** "starting", "assigned N partitions", "ok", or "failing: …". */
    public String state() {
        return state;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // Offsets are committed after every poll's commands, so nothing is pending here.
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    state = "assigned " + consumer.assignment().size() + " partitions";
                    log.info("Reading commands from {} partition(s) of {}", consumer.assignment().size(), topic);
                }
            });
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    int deadLetteredNow = apply(records);
                    consumer.commitSync(nextOffsets(records), Duration.ofSeconds(10));
                    applied.increment(records.count() - deadLetteredNow);
                    deadLettered.increment(deadLetteredNow);
                    state = "ok";
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    state = "failing: " + e;
                    log.warn("Could not apply {} command(s) from {} now ({}); reading them again in {} s",
                            records.count(), topic, e.toString(), PAUSE_AFTER_FAILURE.toSeconds());
                    rewind(records);
                    pause();
                }
            }
        } catch (WakeupException stopping) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Applies the poll's commands in one transaction; sends what cannot be applied to the dead-letter topic, and
     * returns how many went there.
     */
    private int apply(ConsumerRecords<String, String> records) {
        List<ConsumerRecord<String, String>> carried = new ArrayList<>();
        List<Envelope> envelopes = new ArrayList<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                CommandRecords.Parsed parsed = CommandRecords.parse(record.value());
                String messageId = parsed.messageId() != null ? "message:" + parsed.messageId()
                        : "record:" + record.topic() + "/" + record.partition() + "/" + record.offset();
                envelopes.add(new Envelope(parsed.command(), Origin.UNAUTHENTICATED.correlatedBy(correlationId(record, messageId)),
                        messageId));
                carried.add(record);
            } catch (IllegalArgumentException unreadable) {
                sent.add(deadLetter(record, unreadable.getMessage()));
            }
        }
        if (!envelopes.isEmpty()) {
            List<Optional<AllocationException>> outcomes = bus.handleTogether(envelopes);
            for (int i = 0; i < outcomes.size(); i++) {
                ConsumerRecord<String, String> record = carried.get(i);
                outcomes.get(i).ifPresent(refusal -> sent.add(deadLetter(record, refusal.getMessage())));
            }
        }
        long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
        for (Future<RecordMetadata> send : sent) {
            try {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("The dead-letter topic " + deadLetterTopic + " did not take a record: " + e, e);
            }
        }
        return sent.size();
    }

    /** The sender's {@code correlation_id} header if it is a safe one, else the record's message id, else a new id. */
    private static String correlationId(ConsumerRecord<String, String> record, String messageId) {
        Header header = record.headers().lastHeader("correlation_id");
        String sent = header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        return Origin.acceptableCorrelationId(sent).or(() -> Origin.acceptableCorrelationId(messageId))
                .orElseGet(Origin::newCorrelationId);
    }

    private Future<RecordMetadata> deadLetter(ConsumerRecord<String, String> record, String reason) {
        String value = record.value() == null ? "" : record.value();
        log.warn("Skipping command at {}/{}/{} ({}): {}", record.topic(), record.partition(), record.offset(), reason,
                value.length() > LOGGED_VALUE_LENGTH ? value.substring(0, LOGGED_VALUE_LENGTH) + "…" : value);
        ProducerRecord<String, String> dead = new ProducerRecord<>(deadLetterTopic, record.key(), record.value());
        record.headers().forEach(header -> dead.headers().add(header));
        dead.headers().add(new RecordHeader("error", reason.getBytes(StandardCharsets.UTF_8)));
        dead.headers().add(new RecordHeader("original", (record.topic() + "/" + record.partition() + "/" + record.offset())
                .getBytes(StandardCharsets.UTF_8)));
        return deadLetters.send(dead);
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, String>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** Back to each partition's first record of the poll, so that nothing is skipped past. */
    private void rewind(ConsumerRecords<String, String> records) {
        for (TopicPartition partition : records.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops reading after the poll in hand, leaves the group (its partitions go to the other instances), and closes. */
    @Override
    public void close() {
        running = false;
        clientMetrics.forEach(KafkaClientMetrics::close);
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadLetters.close(Duration.ofSeconds(5));
    }
}
