package com.example.allocation.servicelayer.outbox;

/** A message for a person, such as an email to the buyers. */
public record Notification(String destination, String text) implements OutgoingMessage {
}
