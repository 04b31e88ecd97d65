package com.example.allocation.adapters.persistence;

import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.Deadline;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import com.example.allocation.servicelayer.ports.HoldRepository;
import com.example.allocation.servicelayer.ports.Inbox;
import com.example.allocation.servicelayer.ports.OrderHistory;
import com.example.allocation.servicelayer.ports.Outbox;
import com.example.allocation.servicelayer.ports.ProductRepository;
import com.example.allocation.servicelayer.ports.ReadModelWriter;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * A unit of work as one database transaction on one pooled connection. Reads go to the database as the
 * rules ask; writes wait in memory and go out at commit, in batches: the products' version-checked rows
 * first, then their batches, held stock and lines ({@link JdbcProductRepository#save()}); then the holds'
 * version-checked rows, then new holds and their lines ({@link JdbcHoldRepository#save()}); then the read model,
 * the outbox, the inbox and the order history ({@link WritesAtCommit}).
 */
final class JdbcUnitOfWork implements UnitOfWork {

    private final Handle handle;
    private final Dialect dialect;
    private final DeadlineWaits waits;
    private final Deadline deadline;
    private final JdbcProductRepository products;
    private final JdbcHoldRepository holds;
    private final WritesAtCommit atCommit = new WritesAtCommit();
    private boolean committed;

    /**
     * @param deadline when its waits on the database end ({@link DeadlineWaits}), or none
     * @param locking whether the products it reads are locked until it ends ({@link UnitOfWorkFactory#lockingWhatTheyRead()})
     */
    JdbcUnitOfWork(Jdbi jdbi, Dialect dialect, DeadlineWaits waits, Deadline deadline, boolean locking) {
        this.handle = Connectivity.guard(() -> waits.open(jdbi, deadline));
        this.dialect = dialect;
        this.waits = waits;
        this.deadline = deadline;
        try {
            handle.begin();
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
        this.products = new JdbcProductRepository(handle, locking ? dialect.lockForWriting : null);
        this.holds = new JdbcHoldRepository(handle);
    }

    /**
     * Units of work on the pool behind {@code jdbi}: optimistic, or, {@code locking}, locking the products they read
     * ({@link UnitOfWorkFactory#lockingWhatTheyRead()}).
     */
    static UnitOfWorkFactory factory(Jdbi jdbi, Dialect dialect, DeadlineWaits waits, boolean locking) {
        return new UnitOfWorkFactory() {
            @Override
            public UnitOfWork start() {
                return start(Deadline.NONE);
            }

            @Override
            public UnitOfWork start(Deadline deadline) {
                return new JdbcUnitOfWork(jdbi, dialect, waits, deadline, locking);
            }

            @Override
            public UnitOfWorkFactory lockingWhatTheyRead() {
                return factory(jdbi, dialect, waits, true);
            }
        };
    }

    @Override
    public ProductRepository products() {
        return products;
    }

    @Override
    public HoldRepository holds() {
        return holds;
    }

    @Override
    public ReadModelWriter readModel() {
        return atCommit.allocationsViewWriter();
    }

    @Override
    public Outbox outbox() {
        return new JdbcOutbox(handle, atCommit, dialect, Origin.UNAUTHENTICATED);
    }

    @Override
    public Inbox inbox() {
        return new JdbcInbox(handle, atCommit);
    }

    @Override
    public OrderHistory history() {
        return atCommit.orderHistoryWriter(Origin.UNAUTHENTICATED);
    }

    @Override
    public List<Event> collectNewEvents() {
        return products.collectNewEvents();
    }

    @Override
    public UnitOfWork nested(Origin origin) {
        return new Nested(atCommit, origin);
    }

    @Override
    public void commit() {
        try {
            products.save();
            holds.save();
            atCommit.write(handle, dialect);
            waits.beforeCommit(handle, deadline);
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
     * A commit that another transaction beat to the same rows — a duplicate key (two creators of one product
     * or batch), a serialization failure or a deadlock — is a {@link ConcurrencyConflict}: the bus retries
     * the command on fresh data, where the rules decide again. An unreachable or stalled database is what
     * {@link Connectivity} says it is; anything else is a fault and goes up as it is.
     */
    private RuntimeException translate(JdbiException e) {
        RuntimeException known = Connectivity.translate(e);
        if (known != e) {
            return known;
        }
        Throwable cause = e.getCause();
        while (cause instanceof SQLException sql && sql.getNextException() != null && sql.getSQLState() == null) {
            cause = sql.getNextException();
        }
        String state = cause instanceof SQLException sql ? sql.getSQLState() : null;
        if ("23505".equals(state) || "40001".equals(state) || "40P01".equals(state)) {
            ConcurrencyConflict conflict = ConcurrencyConflict.onProduct(products.skus());
            conflict.initCause(e);
            return conflict;
        }
        return e;
    }

    /** A unit of work inside this one: the same transaction, products and holds; writes at commit of its own. */
    private final class Nested implements UnitOfWork {

        private final WritesAtCommit parent;
        private final WritesAtCommit own = new WritesAtCommit();
        private final Origin origin;

        private Nested(WritesAtCommit parent, Origin origin) {
            this.parent = parent;
            this.origin = origin;
        }

        @Override
        public ProductRepository products() {
            return products;
        }

        @Override
        public HoldRepository holds() {
            return holds;
        }

        @Override
        public ReadModelWriter readModel() {
            return own.allocationsViewWriter();
        }

        @Override
        public Outbox outbox() {
            return new JdbcOutbox(handle, own, dialect, origin);
        }

        @Override
        public Inbox inbox() {
            return new JdbcInbox(handle, own);
        }

        @Override
        public OrderHistory history() {
            return own.orderHistoryWriter(origin);
        }

        @Override
        public List<Event> collectNewEvents() {
            return JdbcUnitOfWork.this.collectNewEvents();
        }

        @Override
        public UnitOfWork nested(Origin inner) {
            return new Nested(own, inner);
        }

        @Override
        public void commit() {
            own.mergeInto(parent);
        }

        @Override
        public void close() {
            own.clear();
        }
    }
}
