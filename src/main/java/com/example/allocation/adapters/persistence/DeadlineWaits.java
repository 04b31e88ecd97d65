package com.example.allocation.adapters.persistence;

import com.example.allocation.servicelayer.Deadline;
import com.example.allocation.servicelayer.ports.StorageTimeout;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Where a change's deadline meets the database (docs/spec.md §3, "Bounded waits"): a unit of work opened by a deadline
 * waits for a connection only until it, and, on PostgreSQL, each of its statements is cut at it (the connection's
 * network timeout), but for the commit, which begins only before the deadline and keeps the driver's own bound — a
 * commit cut halfway would leave unknown whether the change was made. A wait cut at the deadline fails as a timeout
 * ({@link Connectivity}), like any other.
 */
final class DeadlineWaits {

    /** The deadline of the unit of work this thread is opening: the pool's wait for a connection ends at it. */
    private static final ThreadLocal<Deadline> OPENING = new ThreadLocal<>();

    private final HikariDataSource dataSource;
    private final HikariPool pool;
    private final long connectionWaitMillis;
    private final int socketTimeoutMillis;
    private final boolean cutsStatements;

    /**
     * @param socketTimeout the driver's bound on every read (statement timeout + 1 s), which a commit keeps
     * @param cutsStatements whether statements can be cut at a deadline: PostgreSQL's network timeout; H2, in the
     *     process, waits only for its own locks, which its lock timeout bounds
     */
    DeadlineWaits(HikariDataSource dataSource, Duration connectionWait, Duration socketTimeout, boolean cutsStatements) {
        this.dataSource = dataSource;
        // HikariCP hands out its pool as the pool's MXBean; the pool alone takes a wait of the caller's own.
        this.pool = (HikariPool) dataSource.getHikariPoolMXBean();
        this.connectionWaitMillis = connectionWait.toMillis();
        this.socketTimeoutMillis = Math.toIntExact(socketTimeout.toMillis());
        this.cutsStatements = cutsStatements;
    }

    /** Jdbi over the pool: a connection waited for as the opening unit of work's deadline allows. */
    Jdbi jdbi() {
        return Jdbi.create(this::connection);
    }

    /** Opens a handle whose waits end at {@code deadline}. */
    Handle open(Jdbi jdbi, Deadline deadline) {
        if (deadline.isNone()) {
            return jdbi.open();
        }
        OPENING.set(deadline);
        Handle handle;
        try {
            handle = jdbi.open();
        } finally {
            OPENING.remove();
        }
        if (cutsStatements) {
            try {
                setNetworkTimeout(handle, deadline.remainingMillis());
            } catch (RuntimeException e) {
                handle.close();
                throw e;
            }
        }
        return handle;
    }

    /**
     * A commit begins only before the deadline, and then keeps the driver's own bound: it is not cut halfway.
     *
     * @throws StorageTimeout if the deadline has passed: the change is rolled back, never made
     */
    void beforeCommit(Handle handle, Deadline deadline) {
        if (deadline.hasPassed()) {
            throw new StorageTimeout(new SQLTimeoutException("The change's deadline passed before its commit"));
        }
        if (cutsStatements && !deadline.isNone()) {
            setNetworkTimeout(handle, socketTimeoutMillis);
        }
    }

    private Connection connection() throws SQLException {
        Deadline deadline = OPENING.get();
        if (deadline == null) {
            return dataSource.getConnection();
        }
        long wait = Math.min(connectionWaitMillis, deadline.remainingMillis());
        if (wait < 1) {
            throw new SQLTransientConnectionException("The change's deadline passed before it had a connection");
        }
        return pool.getConnection(wait);
    }

    /** Zero would mean no timeout at all: a deadline already reached leaves a millisecond, and the read fails. */
    private static void setNetworkTimeout(Handle handle, long millis) {
        try {
            handle.getConnection().setNetworkTimeout(Runnable::run, (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis)));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not bound the connection's reads by the change's deadline", e);
        }
    }
}
