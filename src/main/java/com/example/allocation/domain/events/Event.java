package com.example.allocation.domain.events;

/**
 * Something that happened to a product (book chapter 8). Events are facts: any number of handlers may
 * react to one, and none of them can refuse it. Every event names its SKU, the aggregate it came from,
 * so that consumers can keep the order of one product's events.
 */
public sealed interface Event permits BatchCreated, BatchQuantityChanged, Allocated, Deallocated, Backordered, OutOfStock,
        LineCancelled, HoldPlaced, HoldReleased {

    String sku();
}
