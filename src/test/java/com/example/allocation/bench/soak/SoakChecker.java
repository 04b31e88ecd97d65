package com.example.allocation.bench.soak;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Judges a soak from outside the service: what the load driver's journal says was promised, against what the
 * database, the events topic and the service's own {@code check} command show afterwards. Each violation is one
 * short line; an empty list means every promise held.
 */
public final class SoakChecker {

    /** {@code WRITE_TIMEOUT_MS} (5 s) plus one commit begun before it (3 s): README, "Every wait is bounded". */
    static final long WRITE_BOUND_MILLIS = 8_000;
    /** The sweeper records an expiry within a minute; a little more for the poll's own interval. */
    private static final long SWEEP_BOUND_MILLIS = 65_000;
    private static final long EXPIRY_WAIT_MILLIS = 70_000;
    /** Thousands of lines of one fault tell no more than the first few. */
    private static final int SHOWN_PER_CHECK = 20;

    private record StoredHold(String status, Instant expiresAt, String orderId) {
    }

    public List<String> check(Journal journal, String jdbcUrl, String kafkaBootstrap, String eventsTopic, Path jar,
            String serviceDatabaseUrl) throws SQLException, InterruptedException {
        List<Journal.Op> ops = journal.ops();
        Promises promises = Promises.of(ops);
        long loadEnd = ops.stream().mapToLong(Journal.Op::endMillis).max().orElse(System.currentTimeMillis());
        List<String> violations = new ArrayList<>();
        add(violations, "answers", answers(ops));
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            add(violations, "sweeper", awaitExpiries(db, promises, loadEnd));
            add(violations, "outbox", StoreInvariants.awaitOutboxDrained(db));
            add(violations, "lines", lines(db, promises));
            add(violations, "holds", holds(db, promises));
            add(violations, "batches", batches(db, promises));
            add(violations, "stock", StoreInvariants.check(db));
        }
        add(violations, "check command", StoreInvariants.checkCommand(jar, serviceDatabaseUrl));
        add(violations, "kafka", KafkaEvents.check(kafkaBootstrap, eventsTopic, KafkaEvents.Expected.of(ops, promises.acknowledgedLines)));
        long indeterminate = ops.stream().filter(Journal.Op::indeterminate).count();
        System.out.printf("soak check: %d lines, %d holds, %d batches judged; %d requests indeterminate (no answer or 503)%n",
                promises.lines.size(), promises.holds.size(), promises.batches.size(), indeterminate);
        return violations;
    }

    private static void add(List<String> violations, String check, List<String> found) {
        found.stream().limit(SHOWN_PER_CHECK).forEach(violations::add);
        if (found.size() > SHOWN_PER_CHECK) {
            violations.add(check + ": " + (found.size() - SHOWN_PER_CHECK) + " more like these");
        }
    }

    /** No 500 ever; every change answered within its bound, and none left unanswered for the client's whole timeout. */
    private static List<String> answers(List<Journal.Op> ops) {
        List<String> found = new ArrayList<>();
        for (Journal.Op op : ops) {
            if (op.status() == 500) {
                found.add(op.kind() + " " + op.target() + " answered 500: " + op.detail());
            } else if (op.write() && op.status() != 0 && op.latencyMillis() > WRITE_BOUND_MILLIS) {
                found.add(op.kind() + " " + op.target() + " answered " + op.status() + " after " + op.latencyMillis() + " ms");
            } else if (op.write() && op.status() == 0 && op.detail() != null && op.detail().startsWith("HttpTimeoutException")) {
                found.add(op.kind() + " " + op.target() + " not answered within " + op.latencyMillis() + " ms");
            }
        }
        return found;
    }

    /** Waits, up to 70 s after the load, for the sweeper to record every hold that ran out; names those it did not. */
    private static List<String> awaitExpiries(Connection db, Promises promises, long loadEnd) throws SQLException, InterruptedException {
        while (true) {
            long now = System.currentTimeMillis();
            List<String> late = new ArrayList<>();
            storedHolds(db, "WHERE status = 'active'").forEach((holdId, hold) -> {
                if (promises.holds.containsKey(holdId) && hold.expiresAt().toEpochMilli() + SWEEP_BOUND_MILLIS < now) {
                    late.add("hold " + holdId + " expired at " + hold.expiresAt() + " is still recorded active at " + Instant.ofEpochMilli(now));
                }
            });
            if (late.isEmpty() || now > loadEnd + EXPIRY_WAIT_MILLIS) {
                return late;
            }
            Thread.sleep(2_000);
        }
    }

    private static List<String> lines(Connection db, Promises promises) throws SQLException {
        Map<Promises.LineKey, Integer> stored = new HashMap<>();
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery("SELECT orderid, sku, qty FROM order_lines")) {
            while (rows.next()) {
                stored.put(new Promises.LineKey(rows.getString(1), rows.getString(2)), rows.getInt(3));
            }
        }
        List<String> found = new ArrayList<>();
        promises.lines.forEach((key, fate) -> {
            Integer qty = stored.get(key);
            if (qty == null && !fate.mayBeAbsent) {
                found.add("line " + key.orderId() + "/" + key.sku() + " was acknowledged and is not stored");
            } else if (qty != null && !fate.quantities.contains(qty)) {
                found.add("line " + key.orderId() + "/" + key.sku() + " is stored with qty " + qty
                        + (fate.quantities.isEmpty() ? " but was refused or deallocated" : ", promised " + fate.quantities));
            }
        });
        return found;
    }

    private static List<String> holds(Connection db, Promises promises) throws SQLException {
        Map<String, StoredHold> stored = storedHolds(db, "");
        Instant now = Instant.now();
        List<String> found = new ArrayList<>();
        promises.holds.forEach((holdId, fate) -> {
            StoredHold hold = stored.get(holdId);
            String problem = hold == null
                    ? (fate.states.contains(Promises.HoldState.ABSENT) ? null : "was acknowledged and is not stored")
                    : holdProblem(holdId, fate, hold, now);
            if (problem != null) {
                found.add("hold " + holdId + " " + problem);
            }
        });
        return found;
    }

    /**
     * Whether the stored hold is one the journal allows; a release or the running out may each have come first. A hold
     * recorded active past its expiry has run out (the sweeper records it within {@link #SWEEP_BOUND_MILLIS}, which
     * {@link #awaitExpiries} checks): a release acknowledged after that found it expired and changed nothing.
     */
    private static String holdProblem(String holdId, Promises.HoldFate fate, StoredHold hold, Instant now) {
        boolean mayHaveBeenActive = fate.states.contains(Promises.HoldState.ACTIVE);
        String status = hold.status().equals("active") && !hold.expiresAt().isAfter(now) ? "expired" : hold.status();
        boolean allowed = switch (status) {
            case "active" -> mayHaveBeenActive;
            case "expired", "lost" -> mayHaveBeenActive || fate.states.contains(Promises.HoldState.RELEASED);
            case "released" -> fate.states.contains(Promises.HoldState.RELEASED);
            case "confirmed" -> fate.states.contains(Promises.HoldState.CONFIRMED) && Objects.equals(hold.orderId(), holdId + "-order");
            default -> false;
        };
        if (!allowed) {
            return "is " + hold.status() + (hold.orderId() == null ? "" : " as " + hold.orderId()) + ", the journal allows " + fate.states;
        }
        boolean keepsExpiry = hold.status().equals("active") || hold.status().equals("expired");
        if (keepsExpiry && mayHaveBeenActive && !fate.anyExpiry && fate.expiries.stream()
                .map(answered -> Instant.parse(answered).truncatedTo(ChronoUnit.MILLIS)).noneMatch(hold.expiresAt()::equals)) {
            return "expires at " + hold.expiresAt() + ", acknowledged " + fate.expiries;
        }
        return null;
    }

    private static Map<String, StoredHold> storedHolds(Connection db, String where) throws SQLException {
        Map<String, StoredHold> stored = new HashMap<>();
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("SELECT holdid, status, expires_at, orderid FROM holds " + where)) {
            while (rows.next()) {
                Instant expiresAt = rows.getObject(3, OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.MILLIS);
                stored.put(rows.getString(1), new StoredHold(rows.getString(2), expiresAt, rows.getString(4)));
            }
        }
        return stored;
    }

    private static List<String> batches(Connection db, Promises promises) throws SQLException {
        Map<String, Integer> purchased = new HashMap<>();
        Map<String, String> skus = new HashMap<>();
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("SELECT reference, sku, purchased FROM batches")) {
            while (rows.next()) {
                purchased.put(rows.getString(1), rows.getInt(3));
                skus.put(rows.getString(1), rows.getString(2));
            }
        }
        List<String> found = new ArrayList<>();
        promises.batches.forEach((ref, fate) -> {
            Integer qty = purchased.get(ref);
            if (qty == null) {
                if (!fate.mayBeAbsent) {
                    found.add("batch " + ref + " was acknowledged and is not stored");
                }
            } else if (!fate.purchased.contains(qty)) {
                found.add("batch " + ref + " has purchased " + qty + ", last acknowledged " + fate.purchased);
            } else if (!skus.get(ref).equals(fate.sku)) {
                found.add("batch " + ref + " is of " + skus.get(ref) + ", added as " + fate.sku);
            }
        });
        return found;
    }
}
