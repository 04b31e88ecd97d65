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
     * Migrates; when the connection is lost halfway — a database restarting or failing over just as we start — starts
     * again on a fresh one (Flyway would retry on the connection it lost), past refusals while the database comes back,
     * for as long as the start-up wait lasts. A database that cannot be reached at all is an answer at once, as before:
     * a start has waited for it already (the pool's start-up wait), and {@code migrate} says so. Each migration runs in
     * a transaction of its own, so one cut short is not applied.
     */
    static int apply(DatabaseUrl url) {
        long deadline = System.nanoTime() + Database.STARTUP_WAIT.toNanos();
        boolean lost = false;
        while (true) {
            try {
                return Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password()).load().migrate().migrationsExecuted;
            } catch (FlywayException e) {
                lost |= Connectivity.isLostMidway(e);
                if (!lost || !Connectivity.isConnectionLoss(e) || System.nanoTime() - deadline > 0) {
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
