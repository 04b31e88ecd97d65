package com.example.allocation.adapters;

import com.example.allocation.servicelayer.outbox.ChannelMessage;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import com.example.allocation.servicelayer.ports.MessagePublisher;
import java.util.List;
import java.util.Map;

/** Publishes each message with the publisher of its channel: Kafka's topic to Kafka, the rest to Redis (or the log). */
public final class RoutingPublisher implements MessagePublisher {

    private final Map<String, MessagePublisher> byChannel;
    private final MessagePublisher otherwise;

    public RoutingPublisher(Map<String, MessagePublisher> byChannel, MessagePublisher otherwise) {
        this.byChannel = Map.copyOf(byChannel);
        this.otherwise = otherwise;
    }

    @Override
    public void publish(OutboxEntry entry) {
        publisherOf(entry).publish(entry);
    }

    /** The relay hands over one destination's entries at a time, so they all go to one publisher. */
    @Override
    public int publishAll(List<OutboxEntry> entries) {
        return entries.isEmpty() ? 0 : publisherOf(entries.get(0)).publishAll(entries);
    }

    private MessagePublisher publisherOf(OutboxEntry entry) {
        return byChannel.getOrDefault(((ChannelMessage) entry.message()).channel(), otherwise);
    }
}
