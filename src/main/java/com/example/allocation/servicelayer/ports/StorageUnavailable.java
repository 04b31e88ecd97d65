package com.example.allocation.servicelayer.ports;

/**
 * The database could not be reached: nothing was done, and the same request may well succeed in a moment.
 * A fault of the infrastructure, never of the caller; entry points answer it with "try again". The
 * persistence adapter decides which of its failures these are.
 */
public final class StorageUnavailable extends RuntimeException {

    public StorageUnavailable(Throwable cause) {
        super("The database is unavailable; nothing was changed, try again shortly", cause);
    }
}
