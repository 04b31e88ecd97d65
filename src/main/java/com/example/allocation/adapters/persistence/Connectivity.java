package com.example.allocation.adapters.persistence;

import com.example.allocation.servicelayer.ports.StorageTimeout;
import com.example.allocation.servicelayer.ports.StorageUnavailable;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;

/**
 * Which database failures are not faults but the database's state, answered with "try again": it cannot
 * be reached ({@link StorageUnavailable}), or it did not answer in time ({@link StorageTimeout}). Anything
 * else stays as it is, a fault.
 */
public final class Connectivity {

    /**
     * A statement cancelled by its timeout (57014, on both databases), a lock not granted within the lock
     * timeout (PostgreSQL's 55P03, H2's HYT00).
     */
    private static final Set<String> TIMEOUTS = Set.of("57014", "55P03", "HYT00");

    private Connectivity() {
    }

    /** Runs database work, translating the failures above. */
    public static <T> T guard(Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            throw translate(e);
        }
    }

    /** The service layer's name for a failure, if it has one; otherwise the failure itself. */
    static RuntimeException translate(JdbiException e) {
        if (e instanceof ConnectionException && e.getCause() instanceof SQLTransientConnectionException waited
                && waited.getCause() == null) {
            // The pool had no connection free in time, and none failed to open: busy, not unreachable.
            return new StorageTimeout(e);
        }
        if (isReadTimeout(e)) {
            // The driver stopped waiting for an answer: cut at a change's deadline, or a network gone silent.
            return new StorageTimeout(e);
        }
        if (e instanceof ConnectionException || isConnectionLoss(e)) {
            return new StorageUnavailable(e);
        }
        if (isTimeout(e)) {
            return new StorageTimeout(e);
        }
        return e;
    }

    /**
     * Whether a failure means the database could not be reached: an SQL state of class 08 (connection
     * exception, SQL standard) or 57P (PostgreSQL shutting down or starting up), anywhere among its causes.
     */
    static boolean isConnectionLoss(Throwable failure) {
        return hasSqlState(failure, state -> state.startsWith("08") || state.startsWith("57P"));
    }

    /**
     * Whether a connection that was made was then lost: closed (08003), broken (08006), or ended by the server as it
     * shut down (57P01) — not one that could not be made (08001).
     */
    static boolean isLostMidway(Throwable failure) {
        return hasSqlState(failure, state -> state.equals("08003") || state.equals("08006") || state.equals("57P01"));
    }

    static boolean isReadTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static boolean isTimeout(Throwable failure) {
        return hasSqlState(failure, TIMEOUTS::contains);
    }

    private static boolean hasSqlState(Throwable failure, Predicate<String> wanted) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && wanted.test(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
