package com.example.allocation.servicelayer.outbox;

import com.example.allocation.domain.events.Event;

/** An event to publish on a message broker channel (book chapter 11). */
public record ChannelMessage(String channel, Event event) implements OutgoingMessage {

    @Override
    public String destination() {
        return channel;
    }
}
