package com.example.allocation.domain.refusals;

/**
 * A request about a hold that its state does not allow: the same hold id with other lines, a hold confirmed for
 * another order, extending or confirming a hold that is no longer active, releasing a confirmed one.
 */
public final class HoldConflict extends AllocationException {

    public HoldConflict(String message) {
        super(message);
    }
}
