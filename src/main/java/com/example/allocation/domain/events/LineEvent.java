package com.example.allocation.domain.events;

/** An event about one order line: what an order's history records. */
public interface LineEvent {

    String orderId();

    String sku();

    int qty();

    /** The batch concerned, or null: a backorder, or a cancelled line that had none. */
    String batchRef();
}
