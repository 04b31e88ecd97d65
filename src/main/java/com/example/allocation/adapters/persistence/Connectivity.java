package com.example.allocation.adapters.persistence;

import com.example.allocation.servicelayer.StorageUnavailable;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;

/**
 * Which database failures mean "the database cannot be reached": those become the service layer's
 * {@link StorageUnavailable}, answered with "try again"; any other failure stays as it is, a fault.
 */
public final class Connectivity {

    private Connectivity() {
    }

    /** Runs database work: no connection to be had, or one lost on the way, becomes {@link StorageUnavailable}. */
    public static <T> T guard(Supplier<T> work) {
        try {
            return work.get();
        } catch (ConnectionException noConnection) {
            throw new StorageUnavailable(noConnection);
        } catch (JdbiException e) {
            if (isConnectionLoss(e)) {
                throw new StorageUnavailable(e);
            }
            throw e;
        }
    }

    /**
     * Whether a failure means the database could not be reached: an SQL state of class 08 (connection
     * exception, SQL standard) or 57P (PostgreSQL shutting down or starting up), anywhere among its causes.
     */
    static boolean isConnectionLoss(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
