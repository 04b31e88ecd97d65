package com.example.allocation.servicelayer.outbox;

import com.example.allocation.servicelayer.messagebus.Origin;
import java.time.Instant;
import java.util.UUID;

/**
 * An outgoing message waiting in the outbox. {@code id} orders the entries; {@code messageId} is unique and
 * travels with the message, so that receivers can drop the duplicates that at-least-once delivery allows;
 * {@code origin} says who asked for the change that caused it, and travels with it too; {@code recordedAt} is
 * when the change committed: when what the message tells happened.
 */
public record OutboxEntry(long id, UUID messageId, OutgoingMessage message, Origin origin, Instant recordedAt) {
}
