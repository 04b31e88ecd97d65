package com.example.allocation.servicelayer.ports;

import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.messagebus.Origin;
import java.util.List;

/**
 * One atomic piece of work against storage (book chapter 6): everything done through it is kept if and
 * only if {@link #commit()} succeeds. It is used by one thread for one message, then closed; closing
 * without committing rolls back.
 */
public interface UnitOfWork extends AutoCloseable {

    ProductRepository products();

    HoldRepository holds();

    ReadModelWriter readModel();

    Outbox outbox();

    Inbox inbox();

    /** Each order's history; what is recorded through a nested unit of work is stamped with its origin. */
    OrderHistory history();

    /** Hands over the events raised by the products this unit of work has loaded or added, once each. */
    List<Event> collectNewEvents();

    /**
     * A unit of work inside this one: committing it folds its writes into this one; closing it without
     * committing undoes its writes alone, and this one carries on. It shares this one's products,
     * whose in-memory changes no rollback undoes, so it is for writes that are not aggregate changes.
     * The messages it adds to the outbox record {@code origin} as who asked for them.
     */
    UnitOfWork nested(Origin origin);

    /**
     * Saves the products' and holds' changes, each checked against the version it was loaded at, and everything else
     * written through this unit of work, atomically.
     *
     * @throws ConcurrencyConflict if another unit of work changed one of the products first; nothing is saved
     */
    void commit();

    @Override
    void close();
}
