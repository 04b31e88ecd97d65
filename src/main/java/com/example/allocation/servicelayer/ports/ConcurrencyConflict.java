package com.example.allocation.servicelayer.ports;

import com.example.allocation.servicelayer.messagebus.MessageBus;

/**
 * Another unit of work changed the product between our read and our commit (optimistic concurrency,
 * book chapter 7). Nothing was saved; the {@link MessageBus} retries the whole command on fresh data.
 */
public final class ConcurrencyConflict extends RuntimeException {

    public ConcurrencyConflict(String sku) {
        super("Product " + sku + " was changed by someone else; try again");
    }
}
