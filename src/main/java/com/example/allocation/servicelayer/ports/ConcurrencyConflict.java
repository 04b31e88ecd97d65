package com.example.allocation.servicelayer.ports;

import com.example.allocation.servicelayer.messagebus.MessageBus;

/**
 * Another unit of work changed the product (or the checkout hold) between our read and our commit (optimistic concurrency,
 * book chapter 7). Nothing was saved; the {@link MessageBus} retries the whole command on fresh data.
 */
public final class ConcurrencyConflict extends RuntimeException {

    private ConcurrencyConflict(String changed) {
        super(changed + " was changed by someone else; try again");
    }

    /** The products of these SKUs (one, or several listed) changed between our read and our commit. */
    public static ConcurrencyConflict onProduct(String skus) {
        return new ConcurrencyConflict("Product " + skus);
    }

    /** A checkout hold changed between our read and our commit. */
    public static ConcurrencyConflict onHold(String holdId) {
        return new ConcurrencyConflict("Hold " + holdId);
    }
}
