package com.example.allocation.domain.refusals;

/** An (order id, SKU) pair that names no accepted order line. */
public final class UnknownLine extends AllocationException {

    public UnknownLine(String orderId, String sku) {
        super("Order " + orderId + " has no line for " + sku);
    }
}
