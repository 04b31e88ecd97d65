package com.example.allocation.servicelayer;

import java.sql.SQLException;

/**
 * The database could not be reached: nothing was done, and the same request may well succeed in a moment.
 * A fault of the infrastructure, never of the caller; entry points answer it with "try again".
 */
public final class StorageUnavailable extends RuntimeException {

    public StorageUnavailable(Throwable cause) {
        super("The database is unavailable; nothing was changed, try again shortly", cause);
    }

    /**
     * Whether a failure means the database could not be reached: an SQL state of class 08 (connection
     * exception, SQL standard) or 57P (PostgreSQL shutting down or starting up), anywhere among its causes.
     */
    public static boolean isConnectionLoss(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
