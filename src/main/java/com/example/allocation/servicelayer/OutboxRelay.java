package com.example.allocation.servicelayer;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
    private static final int PAGE_SIZE = 100;

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
                for (OutboxEntry entry : page) {
                    String destination = entry.message().destination();
                    if (!unreachable.contains(destination)) {
                        if (deliver(entry)) {
                            delivered.add(entry.id());
                        } else {
                            unreachable.add(destination);
                        }
                    }
                    after = entry.id();
                }
            } while (page.size() == PAGE_SIZE);
            uow.outbox().markDelivered(delivered);
            uow.commit();
            return delivered.size();
        }
    }

    /** Deletes delivered messages older than {@code retention}, so the outbox stays small; returns how many. */
    public int cleanUp(Duration retention) {
        try (UnitOfWork uow = units.start()) {
            int deleted = uow.outbox().deleteDeliveredBefore(Instant.now().minus(retention));
            uow.commit();
            return deleted;
        }
    }

    private boolean deliver(OutboxEntry entry) {
        try {
            Failsafe.with(retry).run(() -> send(entry));
            return true;
        } catch (RuntimeException e) {
            log.warn("Could not deliver {} to {}; it stays in the outbox for the next round: {}",
                    entry.messageId(), entry.message().destination(), e.toString());
            return false;
        }
    }

    private void send(OutboxEntry entry) {
        OutgoingMessage message = entry.message();
        if (message instanceof Publication publication) {
            publisher.publish(publication.channel(), publication.event(), entry.messageId(), entry.origin());
        } else if (message instanceof Notification notification) {
            notifications.send(notification.destination(), notification.text(), entry.origin());
        }
    }
}
