package com.example.allocation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Stock set aside on one of a product's batches for a checkout {@link Hold}: the part of the hold that this product
 * keeps, so that allocation, other holds and a shrinking batch all see it inside the product's consistency boundary.
 * It sets stock aside until {@code expiresAt}, and from that instant on nothing. {@code sequence} comes from the same
 * counter as the product's lines, so "the newest hold" is well defined when a batch shrinks.
 */
public record HeldStock(String holdId, int qty, String batchRef, Instant expiresAt, long sequence) {

    public HeldStock {
        Require.identifier("holdid", holdId);
        Require.atLeast("qty", qty, 1);
        Require.identifier("batchref", batchRef);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether it still sets stock aside at {@code now}: up to, not including, {@code expiresAt}. */
    public boolean isHeldAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    HeldStock until(Instant newExpiry) {
        return new HeldStock(holdId, qty, batchRef, newExpiry, sequence);
    }
}
