package com.example.allocation.entrypoints.redis;

import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.refusals.AllocationException;
import com.example.allocation.entrypoints.JsonCommands;
import com.example.allocation.servicelayer.messagebus.CommandType;
import com.example.allocation.servicelayer.messagebus.Envelope;
import com.example.allocation.servicelayer.messagebus.Field;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import com.example.allocation.servicelayer.ports.StorageTimeout;
import com.example.allocation.servicelayer.ports.StorageUnavailable;
import com.example.allocation.servicelayer.writes.DirectBus;
import com.example.allocation.servicelayer.writes.ServiceBusy;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies the messages that waited for their turn, several in one transaction (as group commit does, and as the
 * Kafka consumer does with a poll), in the order they came: the last message about a batch is the one that holds.
 * Each message is read by the catalogue of commands under its Redis names; one that cannot be read, or that the rules
 * refuse, is logged with the reason and skipped, and the others are applied. A batch the database cannot take right
 * now is tried again every second for up to 30 seconds, the messages behind it waiting; a batch that fails in any
 * other way is applied again one message at a time, so that no message fails for another's sake.
 */
final class MessageBatches {

    private static final Logger log = LoggerFactory.getLogger(RedisConsumer.class);
    /** No command of ours needs more; anything larger is refused before it is parsed. */
    static final int MAX_MESSAGE_LENGTH = 64 * 1024;
    private static final int TRANSIENT_ATTEMPTS = 30;
    private static final Duration TRANSIENT_PAUSE = Duration.ofSeconds(1);

    /** A message as it came, on its channel. */
    record Message(String channel, String text) {
    }

    /** The counters of one channel's messages, by how they ended. */
    record Counters(Counter applied, Counter skipped) {
    }

    private record Readable(Message message, Envelope envelope) {
    }

    private final DirectBus bus;
    private final Map<String, CommandType<?>> channels;
    private final Map<String, Counters> counters;

    MessageBatches(DirectBus bus, Map<String, CommandType<?>> channels, Map<String, Counters> counters) {
        this.bus = bus;
        this.channels = channels;
        this.counters = counters;
    }

    /** Applies the messages in order; returns once each is applied or skipped. */
    void apply(List<Message> messages) {
        List<Readable> readable = new ArrayList<>(messages.size());
        for (Message message : messages) {
            Origin origin = Origin.UNAUTHENTICATED.correlatedBy(Origin.newCorrelationId());
            try {
                readable.add(new Readable(message, new Envelope(parse(channels.get(message.channel()), message.text()), origin)));
            } catch (IllegalArgumentException malformed) {
                withLogContext(origin, () -> log.warn("Skipping malformed {} message ({}): {}", message.channel(),
                        malformed.getMessage(), message.text()));
                counters.get(message.channel()).skipped().increment();
            }
        }
        if (!readable.isEmpty()) {
            applyTogether(readable);
        }
    }

    private void applyTogether(List<Readable> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<Optional<AllocationException>> refusals = bus.handleTogether(batch.stream().map(Readable::envelope).toList());
                for (int i = 0; i < batch.size(); i++) {
                    settled(batch.get(i), refusals.get(i));
                }
                return;
            } catch (StorageUnavailable | StorageTimeout | ServiceBusy | ConcurrencyConflict notNow) {
                // Nothing was changed, and a moment later it may well work: wait here, so that later messages stay
                // behind these, but not for ever.
                if (attempt == TRANSIENT_ATTEMPTS || !pause(attempt, notNow, batch.size())) {
                    String why = "after " + attempt + " attempts over " + attempt * TRANSIENT_PAUSE.toSeconds() + " s ("
                            + notNow.getMessage() + ")";
                    batch.forEach(skipped -> skip(skipped, why));
                    return;
                }
            } catch (RuntimeException e) {
                if (batch.size() > 1) {
                    log.warn("A batch of {} Redis messages failed together ({}); each is applied again alone", batch.size(),
                            e.toString());
                    batch.forEach(alone -> applyTogether(List.of(alone)));
                } else {
                    withLogContext(batch.get(0).envelope().origin(), () -> log.error("Failed to handle {} message {}; skipped",
                            batch.get(0).message().channel(), batch.get(0).message().text(), e));
                    counters.get(batch.get(0).message().channel()).skipped().increment();
                }
                return;
            }
        }
    }

    private void settled(Readable readable, Optional<AllocationException> refusal) {
        Message message = readable.message();
        if (refusal.isPresent()) {
            withLogContext(readable.envelope().origin(), () -> log.warn("Skipping {} message ({}): {}", message.channel(),
                    refusal.get().getMessage(), message.text()));
            counters.get(message.channel()).skipped().increment();
        } else {
            counters.get(message.channel()).applied().increment();
            withLogContext(readable.envelope().origin(), () -> log.debug("Applied {} from Redis", readable.envelope().command()));
        }
    }

    private void skip(Readable readable, String why) {
        withLogContext(readable.envelope().origin(), () -> log.error("Skipping {} message {}: {}", readable.message().channel(), why,
                readable.message().text()));
        counters.get(readable.message().channel()).skipped().increment();
    }

    private static boolean pause(int attempt, RuntimeException notNow, int messages) {
        log.warn("Could not apply {} Redis message(s) yet ({}); trying again in {} s (attempt {} of {})", messages,
                notNow.getMessage(), TRANSIENT_PAUSE.toSeconds(), attempt, TRANSIENT_ATTEMPTS);
        try {
            Thread.sleep(TRANSIENT_PAUSE.toMillis());
            return true;
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Command parse(CommandType<?> type, String message) {
        if (message.length() > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("larger than " + MAX_MESSAGE_LENGTH / 1024 + " KiB (" + message.length() + " characters)");
        }
        JsonNode json;
        try {
            json = JsonCommands.MESSAGES.readTree(message);
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException("nested too deeply, or a number too long");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return JsonCommands.decode(type, json, Field::redisName, List.of());
    }

    /** The message's own id in every line logged about it (and in every message its change sends, {@code correlation_id}). */
    private static void withLogContext(Origin origin, Runnable logging) {
        MDC.put(Origin.LOG_KEY, origin.correlationId());
        try {
            logging.run();
        } finally {
            MDC.remove(Origin.LOG_KEY);
        }
    }
}
