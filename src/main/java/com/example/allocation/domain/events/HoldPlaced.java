package com.example.allocation.domain.events;

import java.time.Instant;

/** Stock of one SKU is set aside for a checkout hold, on {@code batchRef}, until {@code expiresAt}: one event per line of the hold. */
public record HoldPlaced(String holdId, String sku, int qty, String batchRef, Instant expiresAt) implements Event {
}
