package com.example.allocation.domain.refusals;

/** A value outside what the domain accepts: a blank identifier, a quantity out of range. */
public final class InvalidInput extends AllocationException {

    public InvalidInput(String message) {
        super(message);
    }
}
