package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.domain.commands.Command;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import com.example.allocation.servicelayer.ports.StorageUnavailable;
import com.example.allocation.servicelayer.writes.GroupCommit;

/**
 * Where the entry points send commands: the {@link MessageBus} itself, or {@link GroupCommit} in front of
 * it. Either way, {@code handle} returns once the command and everything it caused are committed.
 */
@FunctionalInterface
public interface CommandBus {

    /**
     * @throws com.example.allocation.domain.refusals.AllocationException if the rules refuse the command; nothing changed
     * @throws ConcurrencyConflict if the product stayed contended through every retry; nothing changed
     * @throws StorageUnavailable if the database could not be reached; nothing changed
     */
    void handle(Command command, Origin origin);

    /** Handles a command that no authenticated caller sent (tests, tools). */
    default void handle(Command command) {
        handle(command, Origin.UNAUTHENTICATED);
    }
}
