package com.example.allocation.servicelayer;

import java.util.UUID;

/**
 * An outgoing message waiting in the outbox. {@code id} orders the entries; {@code messageId} is unique and
 * travels with the message, so that receivers can drop the duplicates that at-least-once delivery allows.
 */
public record OutboxEntry(long id, UUID messageId, OutgoingMessage message) {
}
