package com.example.allocation.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * An order line the product has accepted, and where it stands: allocated to one batch, or backordered
 * until stock allows. {@code sequence} orders these placements within the product: a line gets a new,
 * higher sequence each time it is allocated or backordered, so "most recently allocated" and "oldest
 * backorder" are well defined (rules 6 and 7).
 */
public record AcceptedLine(OrderLine line, String batchRef, long sequence) {

    public AcceptedLine {
        Objects.requireNonNull(line, "line");
    }

    public static AcceptedLine allocated(OrderLine line, String batchRef, long sequence) {
        return new AcceptedLine(line, Objects.requireNonNull(batchRef, "batchReference"), sequence);
    }

    public static AcceptedLine backordered(OrderLine line, long sequence) {
        return new AcceptedLine(line, null, sequence);
    }

    public boolean isAllocated() {
        return batchRef != null;
    }

    public boolean isBackordered() {
        return batchRef == null;
    }

    /** The batch this line is allocated to; empty while it is backordered. */
    public Optional<String> batch() {
        return Optional.ofNullable(batchRef);
    }

    public String orderId() {
        return line.orderId();
    }

    public int qty() {
        return line.qty();
    }
}
