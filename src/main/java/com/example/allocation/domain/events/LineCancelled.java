package com.example.allocation.domain.events;

/**
 * The customer cancelled the line (rule 8). It is gone: its stock, if it had any, is free again and it
 * is not reallocated. {@code batchRef} is the batch it left, or null if it was backordered.
 */
public record LineCancelled(String orderId, String sku, int qty, String batchRef) implements Event, LineEvent {
}
