package com.example.allocation.adapters.persistence;

import org.jdbi.v3.core.statement.PreparedBatch;

/** Running JDBC batches: one round trip per statement that has work, none for those that have not. */
final class StatementBatches {

    private StatementBatches() {
    }

    static void execute(PreparedBatch... batches) {
        for (PreparedBatch batch : batches) {
            if (batch.size() > 0) {
                batch.execute();
            }
        }
    }
}
