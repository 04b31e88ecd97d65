package com.example.allocation.servicelayer;

import com.example.allocation.domain.events.Event;
import java.util.UUID;

/** Publishes events to other services over a message broker (book chapter 11). */
public interface MessagePublisher {

    /** @throws RuntimeException if the broker did not take the message; the relay will try again */
    void publish(String channel, Event event, UUID messageId, Origin origin);
}
