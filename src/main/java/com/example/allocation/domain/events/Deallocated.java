package com.example.allocation.domain.events;

/**
 * A line was taken out of its batch, {@code batchRef}, because the batch shrank (rule 7). In the same change
 * it is reallocated, which raises {@link Allocated}, or backordered, which raises {@link Backordered}.
 */
public record Deallocated(String orderId, String sku, int qty, String batchRef) implements Event, LineEvent {
}
