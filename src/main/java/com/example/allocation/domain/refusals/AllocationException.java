package com.example.allocation.domain.refusals;

/**
 * A request the business rules refuse. Each subtype names one reason, and its message says what was wrong
 * in words the caller can act on; entry points map the type to a status (400, 404, 409).
 */
public abstract sealed class AllocationException extends RuntimeException
        permits InvalidInput, InvalidSku, DuplicateBatch, LineConflict, UnknownBatch, UnknownLine, UnknownHold, HoldConflict,
        HoldShort {

    protected AllocationException(String message) {
        super(message, null, false, false);
    }
}
