package com.example.allocation.servicelayer.outbox;

import com.example.allocation.servicelayer.Backoff;
import com.example.allocation.servicelayer.ports.MessagePublisher;
import com.example.allocation.servicelayer.ports.Notifier;
import com.example.allocation.servicelayer.ports.Outbox;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox's messages after the transactions that recorded them have committed: publications
 * to the {@link MessagePublisher}, notifications to {@link Notifier}. An entry is marked delivered
 * only once its receiver took it, so a crash, an outage or a restart delays a message and never loses it
 * (at-least-once).
 *
 * <p>Messages to one destination go out in the order they were recorded. When a destination still fails
 * after retries, the rest of its messages wait for the next round; other destinations carry on.
 */
public final class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /**
     * Entries claimed, and handed to a publisher, at a time. A publisher sends a page at once and awaits it together,
     * so a larger page drains a backlog faster (docs/performance.md).
     */
    private static final int PAGE_SIZE = 500;

    private final UnitOfWorkFactory units;
    private final MessagePublisher publisher;
    private final Notifier notifications;
    private final RetryPolicy<Object> retry;
    private final MeterRegistry meters;
    private final MultiGauge backlogMessages;
    private final MultiGauge backlogAge;
    /**
     * Each destination's counters, made the first time it is seen; its keys are the destinations seen so far, so
     * that once the backlog of one is gone, its gauges say 0 rather than vanish.
     */
    private final Map<String, DestinationMeters> destinations = new ConcurrentHashMap<>();

    private record DestinationMeters(Counter deliveries, Counter failures) {
    }

    public OutboxRelay(UnitOfWorkFactory units, MessagePublisher publisher, Notifier notifications, Backoff backoff) {
        this(units, publisher, notifications, backoff, new CompositeMeterRegistry());
    }

    /**
     * @param meters where deliveries, failed attempts and (on {@link #measureBacklog()}) the backlog are recorded, per
     *     destination: a channel's name, or {@code email} for every message to a person
     */
    public OutboxRelay(UnitOfWorkFactory units, MessagePublisher publisher, Notifier notifications, Backoff backoff,
            MeterRegistry meters) {
        this.units = units;
        this.publisher = publisher;
        this.notifications = notifications;
        this.retry = backoff.retrying(Exception.class);
        this.meters = meters;
        this.backlogMessages = MultiGauge.builder("allocation.outbox.backlog")
                .description("Messages recorded in the outbox and not yet delivered").register(meters);
        this.backlogAge = MultiGauge.builder("allocation.outbox.oldest.age").baseUnit("seconds")
                .description("How long the oldest undelivered message has waited").register(meters);
    }

    /**
     * Delivers what is pending now; returns how many messages went out. Does nothing if another relay (of
     * another instance of the service) is at work: it delivers them.
     */
    public int relayPending() {
        try (UnitOfWork uow = units.start()) {
            if (!uow.outbox().becomeRelay()) {
                return 0;
            }
            Set<String> unreachable = new HashSet<>();
            List<Long> delivered = new ArrayList<>();
            long after = 0;
            List<OutboxEntry> page;
            do {
                page = uow.outbox().pending(after, PAGE_SIZE);
                Map<String, List<OutboxEntry>> byDestination = new LinkedHashMap<>();
                for (OutboxEntry entry : page) {
                    byDestination.computeIfAbsent(entry.message().destination(), key -> new ArrayList<>()).add(entry);
                    after = entry.id();
                }
                byDestination.forEach((destination, entries) -> {
                    if (!unreachable.contains(destination)) {
                        int taken = deliver(destination, entries);
                        entries.subList(0, taken).forEach(entry -> delivered.add(entry.id()));
                        if (taken < entries.size()) {
                            unreachable.add(destination);
                        }
                    }
                });
            } while (page.size() == PAGE_SIZE);
            uow.outbox().delivered(delivered);
            uow.commit();
            return delivered.size();
        }
    }

    /** Deletes delivered messages older than {@code retention}, so the outbox stays small; returns how many went. */
    public int deleteDelivered(Duration retention) {
        try (UnitOfWork uow = units.start()) {
            int deleted = uow.outbox().deleteDeliveredBefore(Instant.now().minus(retention));
            uow.commit();
            return deleted;
        }
    }

    /**
     * Delivers one destination's entries of a page, in order: publications together (a broker may send them
     * in one go), notifications one by one. What is not taken is tried again, from the first entry not
     * taken, with backoff; returns how many, from the first, went out.
     */
    private int deliver(String destination, List<OutboxEntry> entries) {
        DestinationMeters counted = meters(label(destination, entries.get(0).message() instanceof Notification));
        int[] taken = {0};
        try {
            Failsafe.with(retry).run(() -> {
                List<OutboxEntry> rest = entries.subList(taken[0], entries.size());
                try {
                    taken[0] += rest.get(0).message() instanceof ChannelMessage ? publisher.publishAll(rest)
                            : MessagePublisher.oneByOne(rest, this::sendNotification);
                    if (taken[0] < entries.size()) {
                        throw new IllegalStateException(destination + " took " + taken[0] + " of " + entries.size() + " messages");
                    }
                } catch (RuntimeException e) {
                    counted.failures().increment();
                    throw e;
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not deliver {} to {}; it stays in the outbox for the next round: {}",
                    entries.get(taken[0]).messageId(), destination, e.toString());
        }
        counted.deliveries().increment(taken[0]);
        return taken[0];
    }

    private DestinationMeters meters(String label) {
        return destinations.computeIfAbsent(label, key -> new DestinationMeters(
                Counter.builder("allocation.outbox.deliveries").tag("destination", key)
                        .description("Outbox messages delivered").register(meters),
                Counter.builder("allocation.outbox.delivery.failures").tag("destination", key)
                        .description("Attempts to deliver outbox messages that failed (each is tried again)").register(meters)));
    }

    /**
     * Reads what waits in the outbox into the gauges {@code allocation_outbox_backlog} and
     * {@code allocation_outbox_oldest_age_seconds}, per destination: for a scrape of the metrics. While the database
     * cannot tell, the gauges are absent rather than wrong.
     */
    public void measureBacklog() {
        List<Outbox.Backlog> backlog;
        try (UnitOfWork uow = units.start()) {
            backlog = uow.outbox().backlog();
        } catch (RuntimeException e) {
            backlogMessages.register(List.of(), true);
            backlogAge.register(List.of(), true);
            log.debug("Cannot measure the outbox backlog now: {}", e.toString());
            return;
        }
        Map<String, Long> messages = new TreeMap<>();
        Map<String, Instant> oldest = new TreeMap<>();
        for (Outbox.Backlog pending : backlog) {
            String label = label(pending.destination(), pending.toPeople());
            meters(label);
            messages.merge(label, pending.messages(), Long::sum);
            oldest.merge(label, pending.oldestRecordedAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        destinations.keySet().forEach(label -> messages.putIfAbsent(label, 0L));
        Instant now = Instant.now();
        backlogMessages.register(messages.entrySet().stream().map(entry -> MultiGauge.Row.of(
                Tags.of("destination", entry.getKey()), entry.getValue())).toList(), true);
        backlogAge.register(messages.keySet().stream().map(label -> MultiGauge.Row.of(Tags.of("destination", label),
                oldest.containsKey(label) ? Math.max(0, Duration.between(oldest.get(label), now).toMillis() / 1000.0) : 0.0))
                .toList(), true);
    }

    /** A destination as the metrics name it: a channel by its name; people by how they are reached, never their address. */
    private static String label(String destination, boolean toPeople) {
        return toPeople ? "email" : destination;
    }

    /** Sends one notification: its person is told who asked for the change that caused it. */
    private void sendNotification(OutboxEntry entry) {
        Notification notification = (Notification) entry.message();
        notifications.send(notification.destination(), notification.text(), entry.origin());
    }
}
