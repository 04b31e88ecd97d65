package com.example.allocation.adapters.kafka;

import com.example.allocation.adapters.EventJson;
import com.example.allocation.servicelayer.outbox.ChannelMessage;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import com.example.allocation.servicelayer.ports.MessagePublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Publishes the service's events on a Kafka topic (docs/asyncapi.yaml), for consumers that must not miss
 * any: the record's key is the SKU, so one product's events stay in order on one partition; its value is
 * the event as JSON with {@code type}, {@code message_id} and {@code occurred_at}; headers repeat
 * {@code message_id} and {@code type}, and carry {@code requested_by} when a caller was authenticated and
 * {@code correlation_id}, the id of the request that caused it.
 *
 * <p>The producer is {@link KafkaProducers#reliable}: acknowledged by every in-sync replica, idempotent, in
 * order per partition. A page of the outbox is sent at once and
 * its acknowledgements awaited together, not one round trip per message; the relay marks delivered only
 * what the broker acknowledged. Every wait is bounded: a broker that is away fails the sends within
 * seconds, and the outbox keeps the messages for the next round.
 */
public final class KafkaPublisher implements MessagePublisher, AutoCloseable {

    private final Producer<String, String> producer;
    private final KafkaClientMetrics clientMetrics;
    private volatile String state = "no event sent yet";

    public KafkaPublisher(Map<String, Object> clientSettings) {
        this(clientSettings, null);
    }

    /** The same, with the producer's own metrics in {@code meters} (Micrometer's Kafka binding). */
    public KafkaPublisher(Map<String, Object> clientSettings, MeterRegistry meters) {
        this.producer = KafkaProducers.reliable(clientSettings, "allocation-events");
        this.clientMetrics = meters == null ? null : new KafkaClientMetrics(producer);
        if (clientMetrics != null) {
            clientMetrics.bindTo(meters);
        }
    }

    /** The event as the topic carries it: its fields under the service's wire names, and what identifies it. */
    public static String value(OutboxEntry entry) {
        ChannelMessage publication = (ChannelMessage) entry.message();
        return EventJson.fields(publication.event())
                .put("type", publication.event().getClass().getSimpleName())
                .put("message_id", entry.messageId().toString())
                .put("occurred_at", entry.recordedAt().toString())
                .put("requested_by", entry.origin().requestedBy())
                .put("correlation_id", entry.origin().correlationId())
                .toString();
    }

    @Override
    public void publish(OutboxEntry entry) {
        publishAll(List.of(entry));
    }

    /** Sends every entry at once, then waits for their acknowledgements in order. */
    @Override
    public int publishAll(List<OutboxEntry> entries) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(entries.size());
        try {
            for (OutboxEntry entry : entries) {
                sent.add(producer.send(record(entry)));
            }
        } catch (RuntimeException e) {
            // Metadata not available within max.block.ms, say: what was sent before still counts.
            state = "failing: " + e.getMessage();
            if (sent.isEmpty()) {
                throw e;
            }
        }
        long deadline = System.nanoTime() + KafkaProducers.DELIVERY_TIMEOUT.toNanos();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                state = "failing: " + cause;
                if (i == 0) {
                    throw new IllegalStateException("Kafka did not take the event: " + cause, cause);
                }
                return i;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return i;
            }
        }
        if (sent.size() == entries.size()) {
            state = "ok";
        }
        return sent.size();
    }

    private static ProducerRecord<String, String> record(OutboxEntry entry) {
        ChannelMessage publication = (ChannelMessage) entry.message();
        ProducerRecord<String, String> record = new ProducerRecord<>(publication.channel(), publication.event().sku(), value(entry));
        record.headers().add(new RecordHeader("message_id", entry.messageId().toString().getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader("type",
                publication.event().getClass().getSimpleName().getBytes(StandardCharsets.UTF_8)));
        if (entry.origin().requestedBy() != null) {
            record.headers().add(new RecordHeader("requested_by", entry.origin().requestedBy().getBytes(StandardCharsets.UTF_8)));
        }
        if (entry.origin().correlationId() != null) {
            record.headers().add(new RecordHeader("correlation_id", entry.origin().correlationId().getBytes(StandardCharsets.UTF_8)));
        }
        return record;
    }

    /** How the last send went: "ok", "failing: …", or that none was made yet. */
    public String state() {
        return state;
    }

    @Override
    public void close() {
        if (clientMetrics != null) {
            clientMetrics.close();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
