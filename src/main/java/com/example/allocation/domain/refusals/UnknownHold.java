package com.example.allocation.domain.refusals;

/** A hold id the service has never been given. */
public final class UnknownHold extends AllocationException {

    public UnknownHold(String holdId) {
        super("No hold " + holdId);
    }
}
