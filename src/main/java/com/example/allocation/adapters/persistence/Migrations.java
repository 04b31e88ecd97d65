package com.example.allocation.adapters.persistence;

import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The schema's migrations ({@code db/migration}), applied by Flyway on connections of its own. */
final class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private Migrations() {
    }

    /**
     * Migrates, waiting for a database that is not there yet (Flyway's own retries), and starting again, on a fresh
     * connection, when the connection is lost halfway — a database restarting or failing over just as we start: Flyway
     * would retry on the connection it lost. Each migration runs in its own transaction, so one lost is not applied.
     */
    static int apply(DatabaseUrl url) {
        long deadline = System.nanoTime() + Database.STARTUP_WAIT.toNanos();
        while (true) {
            try {
                return Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password())
                        .connectRetries((int) Database.STARTUP_WAIT.toSeconds()).load().migrate().migrationsExecuted;
            } catch (FlywayException e) {
                if (!Connectivity.isConnectionLoss(e) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                log.warn("Migrating lost its connection to the database ({}); starting again", e.getClass().getSimpleName());
                sleep(RETRY);
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the database to migrate it", e);
        }
    }
}
