package com.example.allocation.servicelayer.ports;

import com.example.allocation.servicelayer.outbox.Notification;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import com.example.allocation.servicelayer.outbox.OutboxRelay;
import com.example.allocation.servicelayer.outbox.OutgoingMessage;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Messages for other systems, stored with the changes that caused them (transactional outbox): a message
 * added in a unit of work is saved if and only if that unit of work commits, and is delivered afterwards
 * by the {@link OutboxRelay}, at least once, however the process or the receiver fails in between.
 */
public interface Outbox {

    void add(OutgoingMessage message);

    /**
     * Makes this unit of work the only relay, across every instance of the service, until it ends; false if
     * another relay is at work. One relay at a time is what keeps each destination's messages in order.
     */
    boolean becomeRelay();

    /**
     * Up to {@code limit} undelivered entries with an id above {@code afterId}, oldest first: for the relay this unit
     * of work {@linkplain #becomeRelay() became}, which alone hands them out.
     */
    List<OutboxEntry> pending(long afterId, int limit);

    /** Forgets these entries, at commit: they were delivered. */
    void delivered(Collection<Long> ids);

    /** Forgets messages an older build marked delivered before {@code cutoff} instead of forgetting them; returns how many. */
    int deleteDeliveredBefore(Instant cutoff);

    /** What waits to be delivered, per destination: how many messages, and when the oldest was recorded. */
    List<Backlog> backlog();

    /**
     * @param destination a channel, or a person's address
     * @param toPeople whether its messages are {@link Notification}s
     */
    record Backlog(String destination, boolean toPeople, long messages, Instant oldestRecordedAt) {
    }
}
