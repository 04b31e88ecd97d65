package com.example.allocation.domain.refusals;

/** An order line for a SKU the service has no stock record of (docs/spec.md §2, rule 10). The message is the reference application's. */
public final class InvalidSku extends AllocationException {

    public InvalidSku(String sku) {
        super("Invalid sku " + sku);
    }
}
