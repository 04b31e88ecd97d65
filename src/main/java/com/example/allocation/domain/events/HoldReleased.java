package com.example.allocation.domain.events;

/**
 * Stock of one SKU held for a checkout hold is no longer set aside, and why: {@code released} (the shop let it go),
 * {@code expired} (its time ran out), {@code confirmed} (it became an order line, announced by its own
 * {@link Allocated}) or {@code lost} (its batch shrank under it). One event per line of the hold.
 */
public record HoldReleased(String holdId, String sku, int qty, String batchRef, String reason) implements Event {
}
