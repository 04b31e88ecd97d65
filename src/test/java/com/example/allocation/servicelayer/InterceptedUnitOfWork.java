package com.example.allocation.servicelayer;

import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import com.example.allocation.servicelayer.ports.HoldRepository;
import com.example.allocation.servicelayer.ports.Inbox;
import com.example.allocation.servicelayer.ports.OrderHistory;
import com.example.allocation.servicelayer.ports.Outbox;
import com.example.allocation.servicelayer.ports.ProductRepository;
import com.example.allocation.servicelayer.ports.ReadModelWriter;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A unit of work that runs {@code beforeCommit} just before committing — to let a rival commit first, or
 * to wait for one — and counts the concurrency conflicts its commits run into.
 */
public record InterceptedUnitOfWork(UnitOfWork inner, Runnable beforeCommit, AtomicInteger conflicts) implements UnitOfWork {

    @Override
    public ProductRepository products() {
        return inner.products();
    }

    @Override
    public HoldRepository holds() {
        return inner.holds();
    }

    @Override
    public ReadModelWriter readModel() {
        return inner.readModel();
    }

    @Override
    public Outbox outbox() {
        return inner.outbox();
    }

    @Override
    public List<Event> collectNewEvents() {
        return inner.collectNewEvents();
    }

    @Override
    public Inbox inbox() {
        return inner.inbox();
    }

    @Override
    public OrderHistory history() {
        return inner.history();
    }

    @Override
    public UnitOfWork nested(Origin origin) {
        return inner.nested(origin);
    }

    @Override
    public void commit() {
        beforeCommit.run();
        try {
            inner.commit();
        } catch (ConcurrencyConflict e) {
            conflicts.incrementAndGet();
            throw e;
        }
    }

    @Override
    public void close() {
        inner.close();
    }
}
