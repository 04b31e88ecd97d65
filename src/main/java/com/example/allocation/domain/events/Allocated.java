package com.example.allocation.domain.events;

/** An order line now sits in a batch: newly, after a backorder was filled, or after being moved. */
public record Allocated(String orderId, String sku, int qty, String batchRef) implements Event, LineEvent {
}
