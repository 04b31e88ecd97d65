package com.example.allocation.adapters.persistence;

import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.AllocationsView;
import com.example.allocation.servicelayer.ConcurrencyConflict;
import com.example.allocation.servicelayer.Outbox;
import com.example.allocation.servicelayer.ProductRepository;
import com.example.allocation.servicelayer.UnitOfWork;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * A unit of work as one database transaction on one pooled connection. Products are saved at commit,
 * version-checked; read-model and outbox writes go straight into the transaction.
 */
final class JdbcUnitOfWork implements UnitOfWork {

    private final Handle handle;
    private final JdbcProductRepository products;
    private final AllocationsView allocationsView;
    private final Outbox outbox;
    private int savepoints;
    private boolean committed;

    JdbcUnitOfWork(Jdbi jdbi, boolean postgres) {
        this.handle = jdbi.open();
        try {
            handle.begin();
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
        this.products = new JdbcProductRepository(handle);
        this.allocationsView = new JdbcAllocationsView(handle);
        this.outbox = new JdbcOutbox(handle, postgres);
    }

    @Override
    public ProductRepository products() {
        return products;
    }

    @Override
    public AllocationsView allocationsView() {
        return allocationsView;
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public List<Event> collectNewEvents() {
        return products.collectNewEvents();
    }

    @Override
    public UnitOfWork nested() {
        return new Savepoint("step_" + ++savepoints);
    }

    @Override
    public void commit() {
        try {
            products.save();
            handle.commit();
            committed = true;
        } catch (JdbiException e) {
            throw translate(e);
        }
    }

    @Override
    public void close() {
        try {
            if (!committed) {
                handle.rollback();
            }
        } finally {
            handle.close();
        }
    }

    /**
     * A commit that another transaction beat to the same rows: a duplicate key (two creators of one product
     * or batch), a serialization failure or deadlock, or H2's lock timeout. The bus retries such a command
     * on fresh data, where the rules decide again; anything else is a fault and goes up as it is.
     */
    private RuntimeException translate(JdbiException e) {
        String state = e.getCause() instanceof SQLException sql ? sql.getSQLState() : null;
        if ("23505".equals(state) || "40001".equals(state) || "40P01".equals(state) || "HYT00".equals(state)) {
            ConcurrencyConflict conflict = new ConcurrencyConflict(products.skus());
            conflict.initCause(e);
            return conflict;
        }
        return e;
    }

    /** A nested unit of work: a savepoint in the enclosing transaction. */
    private final class Savepoint implements UnitOfWork {

        private final String name;
        private boolean released;

        private Savepoint(String name) {
            this.name = name;
            handle.savepoint(name);
        }

        @Override
        public ProductRepository products() {
            return products;
        }

        @Override
        public AllocationsView allocationsView() {
            return allocationsView;
        }

        @Override
        public Outbox outbox() {
            return outbox;
        }

        @Override
        public List<Event> collectNewEvents() {
            return JdbcUnitOfWork.this.collectNewEvents();
        }

        @Override
        public UnitOfWork nested() {
            return JdbcUnitOfWork.this.nested();
        }

        @Override
        public void commit() {
            handle.releaseSavepoint(name);
            released = true;
        }

        @Override
        public void close() {
            if (!released) {
                handle.rollbackToSavepoint(name);
            }
        }
    }
}
