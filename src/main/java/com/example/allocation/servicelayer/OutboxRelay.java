package com.example.allocation.servicelayer;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox's messages after the transactions that recorded them have committed: publications
 * to the {@link MessagePublisher}, notifications to {@link Notifications}. An entry is marked delivered
 * only once its receiver took it, so a crash, an outage or a restart delays a message and never loses it
 * (at-least-once).
 *
 * <p>Messages to one destination go out in the order they were recorded. When a destination still fails
 * after retries, the rest of its messages wait for the next round; other destinations carry on.
 */
public final class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /**
     * Entries claimed, and handed to a publisher, at a time. Kafka sends a page at once and awaits it together:
     * 500 drained a backlog at about 11,000 events/s where 100 managed 4,000 (docs/performance.md).
     */
    private static final int PAGE_SIZE = 500;
    /** How long an applied inbound message is remembered: Kafka's default retention, a week. */
    static final Duration INBOX_RETENTION = Duration.ofDays(7);

    private final UnitOfWorkFactory units;
    private final MessagePublisher publisher;
    private final Notifications notifications;
    private final RetryPolicy<Object> retry;

    public OutboxRelay(UnitOfWorkFactory units, MessagePublisher publisher, Notifications notifications, Backoff backoff) {
        this.units = units;
        this.publisher = publisher;
        this.notifications = notifications;
        this.retry = backoff.retrying(Exception.class);
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
                page = uow.outbox().claimPending(after, PAGE_SIZE);
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
            uow.outbox().markDelivered(delivered);
            uow.commit();
            return delivered.size();
        }
    }

    /**
     * Deletes delivered messages older than {@code retention}, so the outbox stays small, and forgets inbound
     * messages applied more than {@link #INBOX_RETENTION} ago (longer than a broker keeps a record to deliver
     * again); returns how many outbox rows went.
     */
    public int cleanUp(Duration retention) {
        try (UnitOfWork uow = units.start()) {
            uow.inbox().forgetBefore(Instant.now().minus(INBOX_RETENTION));
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
        int[] taken = {0};
        try {
            Failsafe.with(retry).run(() -> {
                List<OutboxEntry> rest = entries.subList(taken[0], entries.size());
                taken[0] += rest.get(0).message() instanceof Publication ? publisher.publishAll(rest)
                        : MessagePublisher.oneByOne(rest, this::sendNotification);
                if (taken[0] < entries.size()) {
                    throw new IllegalStateException(destination + " took " + taken[0] + " of " + entries.size() + " messages");
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not deliver {} to {}; it stays in the outbox for the next round: {}",
                    entries.get(taken[0]).messageId(), destination, e.toString());
        }
        return taken[0];
    }

    /** Sends one notification: its person is told who asked for the change that caused it. */
    private void sendNotification(OutboxEntry entry) {
        Notification notification = (Notification) entry.message();
        notifications.send(notification.destination(), notification.text(), entry.origin());
    }
}
