package com.example.allocation.servicelayer.ports;

import com.example.allocation.servicelayer.outbox.ChannelMessage;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import java.util.List;
import java.util.function.Consumer;

/** Publishes events to other services over a message broker (book chapter 11). */
public interface MessagePublisher {

    /**
     * Publishes one outbox entry, whose message is a {@link ChannelMessage}.
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
        return oneByOne(entries, this::publish);
    }

    /**
     * Hands entries to {@code send} one at a time, in order, stopping at the first that fails; returns how many
     * went out before it. If the very first fails, its failure is thrown: nothing went out, and the caller
     * should hear why.
     */
    static int oneByOne(List<OutboxEntry> entries, Consumer<OutboxEntry> send) {
        for (int i = 0; i < entries.size(); i++) {
            try {
                send.accept(entries.get(i));
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
