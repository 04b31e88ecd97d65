package com.example.allocation.servicelayer.ports;

/**
 * The database answers, but not in time: a lock held elsewhere for too long, a statement too slow, or no
 * free connection. Nothing was done, and the same request may well succeed in a moment. The persistence
 * adapter decides which of its failures these are; entry points answer them with "try again".
 */
public final class StorageTimeout extends RuntimeException {

    public StorageTimeout(Throwable cause) {
        super("The database did not answer in time; nothing was changed, try again shortly", cause);
    }
}
