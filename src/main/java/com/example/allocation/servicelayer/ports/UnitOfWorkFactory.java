package com.example.allocation.servicelayer.ports;

import com.example.allocation.servicelayer.Deadline;

/** Starts a fresh {@link UnitOfWork}; the bus asks for one per command, so threads never share one. */
@FunctionalInterface
public interface UnitOfWorkFactory {

    UnitOfWork start();

    /**
     * A unit of work whose waits on storage end at {@code deadline}: for a connection, and for each statement but the
     * commit (a commit cut halfway would leave unknown whether the change was made). Past it, a wait fails as a
     * {@link StorageTimeout}. Storage that waits for nothing (memory) needs no more than {@link #start()}.
     */
    default UnitOfWork start(Deadline deadline) {
        return start();
    }

    /**
     * Units of work that lock each product they read until they end — pessimistic where the rest is optimistic (book
     * chapter 7): a writer elsewhere waits for them, so their commit cannot lose a race on a product they read. For
     * running again a batch of commands that lost one. Storage that has one writer at a time needs no more than this.
     */
    default UnitOfWorkFactory lockingWhatTheyRead() {
        return this;
    }
}
