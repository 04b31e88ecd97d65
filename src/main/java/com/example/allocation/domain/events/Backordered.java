package com.example.allocation.domain.events;

/** No batch can take the line now; it waits, and is allocated as soon as stock allows (rule 6). */
public record Backordered(String orderId, String sku, int qty) implements Event, LineEvent {

    /** None: the line waits for stock. */
    @Override
    public String batchRef() {
        return null;
    }
}
