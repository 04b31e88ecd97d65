package com.example.allocation.servicelayer;

import java.util.List;

/** Publishes events to other services over a message broker (book chapter 11). */
public interface MessagePublisher {

    /**
     * Publishes one outbox entry, whose message is a {@link Publication}.
     *
     * @throws RuntimeException if the broker did not take the message; the relay will try again
     */
    void publish(OutboxEntry entry);

    /**
     * Publishes entries to one destination, in order; returns how many of them, from the first, the broker
     * has taken: all of them, or those before the first it did not take. This one publishes them one at a
     * time; a publisher that can send many at once and wait for them together does so.
     */
    default int publishAll(List<OutboxEntry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            try {
                publish(entries.get(i));
            } catch (RuntimeException e) {
                if (i == 0) {
                    throw e;
                }
                return i;
            }
        }
        return entries.size();
    }
}
