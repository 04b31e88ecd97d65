package com.example.allocation.servicelayer.ports;

import com.example.allocation.servicelayer.messagebus.Origin;

/** Sends a message to a person (book chapter 13), e.g. by email. */
public interface Notifier {

    /** @throws RuntimeException if the message could not be handed over; the relay will try again */
    void send(String destination, String message, Origin origin);
}
