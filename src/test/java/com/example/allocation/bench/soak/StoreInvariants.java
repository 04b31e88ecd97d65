package com.example.allocation.bench.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The invariants of the stored tables that hold whatever the journal says (docs/spec.md §2), written as plain SQL
 * by the checker rather than borrowed from the service, and the service's own {@code check} command beside them.
 */
final class StoreInvariants {

    private static final long OUTBOX_PATIENCE_MILLIS = 120_000;
    private static final long CHECK_COMMAND_PATIENCE_SECONDS = 120;

    /** Each query returns the rows that break one invariant: what to name first, then what was found. */
    private static final List<String[]> QUERIES = List.of(
            new String[] {"allocated and held past purchased", """
                    SELECT b.reference, b.purchased || ' purchased, ' || b.allocated || ' allocated, '
                        || COALESCE(SUM(h.qty), 0) || ' held by unexpired holds'
                    FROM batches b LEFT JOIN held_stock h ON h.batchref = b.reference AND h.expires_at > CURRENT_TIMESTAMP
                    GROUP BY b.reference, b.purchased, b.allocated
                    HAVING CAST(b.allocated AS BIGINT) + COALESCE(SUM(h.qty), 0) > b.purchased"""},
            new String[] {"allocated is not the sum of its lines", """
                    SELECT b.reference, b.allocated || ' allocated, lines add up to ' || COALESCE(SUM(l.qty), 0)
                    FROM batches b LEFT JOIN order_lines l ON l.batchref = b.reference
                    GROUP BY b.reference, b.allocated HAVING b.allocated <> COALESCE(SUM(l.qty), 0)"""},
            new String[] {"read model row without its allocated line", """
                    SELECT v.orderid || '/' || v.sku, 'view says ' || v.batchref || ', line is in ' || COALESCE(l.batchref, 'no batch')
                    FROM allocations_view v LEFT JOIN order_lines l ON l.orderid = v.orderid AND l.sku = v.sku
                    WHERE l.batchref IS NULL OR l.batchref <> v.batchref"""},
            new String[] {"allocated line missing from the read model", """
                    SELECT l.orderid || '/' || l.sku, 'in ' || l.batchref
                    FROM order_lines l LEFT JOIN allocations_view v ON v.orderid = l.orderid AND v.sku = l.sku
                    WHERE l.batchref IS NOT NULL AND v.orderid IS NULL"""},
            new String[] {"history does not end where the line is", """
                    SELECT l.orderid || '/' || l.sku, 'line in ' || COALESCE(l.batchref, 'backorder') || ', last fact '
                        || COALESCE(h.type || ' ' || COALESCE(h.batchref, ''), 'none')
                    FROM order_lines l LEFT JOIN order_history h ON h.id =
                        (SELECT MAX(x.id) FROM order_history x WHERE x.orderid = l.orderid AND x.sku = l.sku)
                    WHERE h.id IS NULL
                        OR NOT ((h.type = 'Allocated' AND h.batchref = l.batchref) OR (h.type = 'Backordered' AND l.batchref IS NULL))"""});

    private StoreInvariants() {
    }

    static List<String> check(Connection db) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement statement = db.createStatement()) {
            for (String[] query : QUERIES) {
                try (ResultSet rows = statement.executeQuery(query[1])) {
                    while (rows.next()) {
                        found.add(query[0] + ": " + rows.getString(1) + " (" + rows.getString(2) + ")");
                    }
                }
            }
        }
        return found;
    }

    /**
     * Waits for every message to leave the outbox, so the events topic is complete when it is read; a backlog
     * that outlives the faults by two minutes is itself a broken promise of delivery.
     */
    static List<String> awaitOutboxDrained(Connection db) throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + OUTBOX_PATIENCE_MILLIS;
        while (true) {
            long backlog;
            try (Statement statement = db.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL")) {
                rows.next();
                backlog = rows.getLong(1);
            }
            if (backlog == 0) {
                return List.of();
            }
            if (System.currentTimeMillis() > deadline) {
                return List.of("outbox: " + backlog + " messages still undelivered " + OUTBOX_PATIENCE_MILLIS / 1000 + " s after the load");
            }
            Thread.sleep(1_000);
        }
    }

    /** The service's own consistency check on the database it wrote: exit 0, within two minutes. */
    static List<String> checkCommand(Path jar, String serviceDatabaseUrl) throws InterruptedException {
        try {
            Path output = Files.createTempFile("soak-check", ".log");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString(), "check").redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("DATABASE_URL", serviceDatabaseUrl);
            Process process = builder.start();
            if (!process.waitFor(CHECK_COMMAND_PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return List.of("check command: no exit within " + CHECK_COMMAND_PATIENCE_SECONDS + " s");
            }
            String said = Files.readString(output, StandardCharsets.UTF_8).strip();
            Files.delete(output);
            return process.exitValue() == 0 ? List.of()
                    : List.of("check command: exit " + process.exitValue() + ": " + said.substring(Math.max(0, said.length() - 500)));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + jar + " check", e);
        }
    }
}
