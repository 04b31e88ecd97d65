package com.example.allocation.adapters.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * What {@code java -jar allocation.jar check} verifies, straight from the tables, in one read-only transaction:
 * the invariants the service promises (docs/spec.md §2) hold in what it stored. Each broken one is a finding; the
 * outbox's backlog is reported beside them, as news rather than a fault.
 */
public final class ConsistencyCheck {

    /** A scan of every line may take longer than a request's statement: this is its bound. */
    private static final Duration STATEMENT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_LISTED = 20;

    /** What was found: the broken invariants, one sentence each, and the outbox's state. */
    public record Report(List<String> findings, long outboxBacklog, Duration oldestUndelivered) {

        public boolean consistent() {
            return findings.isEmpty();
        }
    }

    private ConsistencyCheck() {
    }

    public static Report run(DatabaseUrl url) {
        // H2 would create a database that is not there: a check only reads, so it opens one only if it exists.
        String jdbcUrl = url.dialect() == Dialect.H2 ? url.jdbcUrl() + ";IFEXISTS=TRUE" : url.jdbcUrl();
        Properties properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
            properties.setProperty("password", url.password() == null ? "" : url.password());
        }
        if (url.dialect() == Dialect.POSTGRESQL) {
            // The service's own bounds on connecting and on a silent network, with the check's statement bound.
            properties.putAll(Database.driverTimeouts(new Database.Timeouts(STATEMENT_TIMEOUT, STATEMENT_TIMEOUT, CONNECT_TIMEOUT)));
        }
        Jdbi jdbi = Jdbi.create(jdbcUrl, properties);
        try (Handle handle = open(jdbi)) {
            handle.getConnection().setReadOnly(true);
            handle.getConnection().setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            handle.execute(url.dialect().sessionTimeouts(STATEMENT_TIMEOUT.toMillis(), STATEMENT_TIMEOUT.toMillis()));
            if (!hasSchema(handle.getConnection())) {
                throw new IllegalStateException("The database holds no allocation schema: run migrate (or serve) first");
            }
            return handle.inTransaction(ConsistencyCheck::check);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the database: " + e.getMessage(), e);
        }
    }

    /** A connection, or why there is none, in the driver's words (which never hold the password). */
    private static Handle open(Jdbi jdbi) {
        try {
            return jdbi.open();
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IllegalStateException("Cannot connect to the database: " + cause.getMessage(), e);
        }
    }

    private static boolean hasSchema(Connection connection) throws SQLException {
        for (String name : new String[] {"order_history", "ORDER_HISTORY"}) {
            try (ResultSet tables = connection.getMetaData().getTables(null, null, name, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Report check(Handle handle) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<String> findings = new ArrayList<>();
        findings.addAll(listed(handle, """
                SELECT b.reference, b.purchased, COALESCE(SUM(l.qty), 0) AS held FROM batches b
                LEFT JOIN order_lines l ON l.batchref = b.reference
                GROUP BY b.reference, b.purchased HAVING COALESCE(SUM(l.qty), 0) > b.purchased ORDER BY b.reference""",
                rs -> "batch " + rs.getString("reference") + " is over-allocated: its lines hold " + rs.getLong("held")
                        + " of " + rs.getInt("purchased")));
        findings.addAll(listed(handle, """
                SELECT b.reference, b.allocated, COALESCE(SUM(l.qty), 0) AS held FROM batches b
                LEFT JOIN order_lines l ON l.batchref = b.reference
                GROUP BY b.reference, b.allocated HAVING COALESCE(SUM(l.qty), 0) <> b.allocated ORDER BY b.reference""",
                rs -> "batch " + rs.getString("reference") + " records " + rs.getInt("allocated") + " allocated, but its lines hold "
                        + rs.getLong("held")));
        findings.addAll(listed(handle, """
                SELECT v.orderid, v.sku, v.batchref FROM allocations_view v
                LEFT JOIN order_lines l ON l.orderid = v.orderid AND l.sku = v.sku AND l.batchref = v.batchref
                WHERE l.orderid IS NULL ORDER BY v.orderid, v.sku""",
                rs -> "the read model shows line " + rs.getString("orderid") + "/" + rs.getString("sku") + " in batch "
                        + rs.getString("batchref") + ", but no such allocated line exists"));
        findings.addAll(listed(handle, """
                SELECT l.orderid, l.sku, l.batchref FROM order_lines l
                LEFT JOIN allocations_view v ON v.orderid = l.orderid AND v.sku = l.sku AND v.batchref = l.batchref
                WHERE l.batchref IS NOT NULL AND v.orderid IS NULL ORDER BY l.orderid, l.sku""",
                rs -> "line " + rs.getString("orderid") + "/" + rs.getString("sku") + " is allocated to "
                        + rs.getString("batchref") + ", but the read model does not show it"));
        // Stock held counts as taken until a change lets it go, expired or not: only then may a waiting line have it.
        findings.addAll(listed(handle, """
                SELECT l.orderid, l.sku, l.qty, MAX(b.purchased - b.allocated - b.held) AS room FROM order_lines l
                JOIN batches b ON b.sku = l.sku
                WHERE l.batchref IS NULL
                GROUP BY l.orderid, l.sku, l.qty HAVING MAX(b.purchased - b.allocated - b.held) >= l.qty ORDER BY l.orderid, l.sku""",
                rs -> "line " + rs.getString("orderid") + "/" + rs.getString("sku") + " of " + rs.getInt("qty")
                        + " is backordered, but a batch has " + rs.getInt("room") + " free"));
        findings.addAll(listed(handle, """
                SELECT b.reference, b.purchased, b.allocated, s.held FROM batches b
                JOIN (SELECT batchref, SUM(qty) AS held FROM held_stock WHERE expires_at > ? GROUP BY batchref) s
                ON s.batchref = b.reference
                WHERE b.allocated + s.held > b.purchased ORDER BY b.reference""",
                rs -> "batch " + rs.getString("reference") + " promises more than it has: " + rs.getInt("allocated")
                        + " allocated and " + rs.getLong("held") + " held by active holds, of " + rs.getInt("purchased"),
                now));
        findings.addAll(listed(handle, """
                SELECT b.reference, b.held, COALESCE(SUM(s.qty), 0) AS stock FROM batches b
                LEFT JOIN held_stock s ON s.batchref = b.reference
                GROUP BY b.reference, b.held HAVING COALESCE(SUM(s.qty), 0) <> b.held ORDER BY b.reference""",
                rs -> "batch " + rs.getString("reference") + " records " + rs.getInt("held")
                        + " held, but its holds' stock there adds up to " + rs.getLong("stock")));
        findings.addAll(listed(handle, """
                SELECT s.sku, s.holdid, s.qty, s.batchref, h.status FROM held_stock s
                LEFT JOIN holds h ON h.holdid = s.holdid
                WHERE h.status IS NULL OR h.status <> 'active' ORDER BY s.holdid, s.sku""",
                rs -> rs.getString("sku") + " holds " + rs.getInt("qty") + " on batch " + rs.getString("batchref") + " for hold "
                        + rs.getString("holdid") + (rs.getString("status") == null ? ", which does not exist"
                        : ", which is " + rs.getString("status") + ", not active")));
        long backlog = handle.createQuery("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL").mapTo(Long.class).one();
        Duration oldest = handle.createQuery("SELECT MIN(recorded_at) FROM outbox WHERE delivered_at IS NULL")
                .map((rs, ctx) -> rs.getObject(1, OffsetDateTime.class)).findOne()
                .map(at -> Duration.between(at.toInstant(), Instant.now())).orElse(Duration.ZERO);
        return new Report(List.copyOf(findings), backlog, oldest);
    }

    /**
     * The rows the query finds, with {@code arguments} bound to its parameters in order, each as a sentence; past
     * {@value #MAX_LISTED}, one more saying how many more there are.
     */
    private static List<String> listed(Handle handle, String sql, Sentence sentence, Object... arguments) {
        List<String> sentences = new ArrayList<>();
        int[] count = {0};
        Query query = handle.createQuery(sql);
        for (int i = 0; i < arguments.length; i++) {
            query.bind(i, arguments[i]);
        }
        query.scanResultSet((supplier, ctx) -> {
            ResultSet rs = supplier.get();
            while (rs.next()) {
                if (count[0]++ < MAX_LISTED) {
                    sentences.add(sentence.of(rs));
                }
            }
            return null;
        });
        if (count[0] > MAX_LISTED) {
            sentences.add("… and " + (count[0] - MAX_LISTED) + " more like the above");
        }
        return sentences;
    }

    @FunctionalInterface
    private interface Sentence {
        String of(ResultSet rs) throws SQLException;
    }
}
