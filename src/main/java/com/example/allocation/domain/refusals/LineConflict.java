package com.example.allocation.domain.refusals;

import com.example.allocation.domain.OrderLine;

/** The same order line sent again with a different quantity (rule 5): it is neither a repeat nor a new line. */
public final class LineConflict extends AllocationException {

    public LineConflict(OrderLine existing, int requestedQty) {
        super("Order " + existing.orderId() + " already has a line for " + existing.sku()
                + " with qty " + existing.qty() + ", not " + requestedQty
                + "; cancel it first to change the quantity");
    }
}
