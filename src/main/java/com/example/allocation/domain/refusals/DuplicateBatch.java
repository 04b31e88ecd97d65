package com.example.allocation.domain.refusals;

import com.example.allocation.domain.Batch;

/** A batch reference that is already taken: references are unique across all SKUs (rule 9). */
public final class DuplicateBatch extends AllocationException {

    public DuplicateBatch(String batchRef) {
        super("Batch " + batchRef + " already exists");
    }
}
