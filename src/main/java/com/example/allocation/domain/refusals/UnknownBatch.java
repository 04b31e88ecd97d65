package com.example.allocation.domain.refusals;

/** A batch reference that names no batch. */
public final class UnknownBatch extends AllocationException {

    public UnknownBatch(String batchRef) {
        super("Unknown batch " + batchRef);
    }
}
