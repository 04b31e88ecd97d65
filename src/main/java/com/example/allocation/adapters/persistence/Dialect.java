package com.example.allocation.adapters.persistence;

/**
 * The databases the service runs on, and the little SQL that differs between them; everything else,
 * migrations included, is written once for both.
 */
enum Dialect {

    POSTGRESQL("""
            INSERT INTO allocations_view (orderid, sku, batchref) VALUES (?, ?, ?)
            ON CONFLICT (orderid, sku) DO UPDATE SET batchref = EXCLUDED.batchref""", true, "FOR NO KEY UPDATE"),
    H2("MERGE INTO allocations_view (orderid, sku, batchref) KEY (orderid, sku) VALUES (?, ?, ?)", false, "FOR UPDATE");

    /** Records a line's batch in the read model, whether or not it has a row there yet: order id, SKU, batch. */
    final String upsertAllocation;
    /**
     * Whether instances sharing the database can take turns as outbox relay through an advisory lock. H2's file
     * database serves a single process, whose single relay thread needs none.
     */
    final boolean advisoryLocks;
    /**
     * Locks the rows a query reads until the transaction ends, against writers only: PostgreSQL's weaker lock lets
     * a row that refers to the product (a batch, a line) be written meanwhile.
     */
    final String lockForWriting;

    Dialect(String upsertAllocation, boolean advisoryLocks, String lockForWriting) {
        this.upsertAllocation = upsertAllocation;
        this.advisoryLocks = advisoryLocks;
        this.lockForWriting = lockForWriting;
    }

    /**
     * What each new connection is told before use: how long a statement may run, and how long it may wait
     * for a lock, in milliseconds. Past either, the statement fails and its transaction is rolled back.
     */
    String sessionTimeouts(long statementMillis, long lockMillis) {
        return switch (this) {
            case POSTGRESQL -> "SET statement_timeout = " + statementMillis + "; SET lock_timeout = " + lockMillis;
            case H2 -> "SET QUERY_TIMEOUT " + statementMillis + "; SET LOCK_TIMEOUT " + lockMillis;
        };
    }

    /** @throws IllegalArgumentException for a database the service does not support */
    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException("DATABASE_URL must be a PostgreSQL or H2 database, the two the service supports");
    }
}
