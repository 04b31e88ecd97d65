package com.example.allocation.adapters.persistence;

import com.example.allocation.domain.Hold;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import com.example.allocation.servicelayer.ports.HoldRepository;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Checkout holds in SQL (book chapter 2, for the second aggregate): a hold's own row in {@code holds}, and its lines in
 * {@code hold_lines}, written once when it is placed. As for products, each hold handed out or added is tracked, so
 * that one hold id is one object within a unit of work, and so that {@link #save()} writes only the holds that
 * changed, under the same version check. The stock a hold sets aside is its products' ({@link ProductRows}).
 */
final class JdbcHoldRepository implements HoldRepository {

    private static final String HOLD_WITH_LINES = """
            SELECT h.holdid, h.status, h.expires_at, h.orderid, h.version, l.sku, l.qty, l.batchref, l.eta
            FROM holds h LEFT JOIN hold_lines l ON l.holdid = h.holdid WHERE h.holdid = ?""";

    private final Handle handle;
    private final Map<String, Tracked> seen = new LinkedHashMap<>();

    JdbcHoldRepository(Handle handle) {
        this.handle = handle;
    }

    /** Inserted when the unit of work commits, with its lines. */
    @Override
    public void add(Hold hold) {
        seen.put(hold.holdId(), new Tracked(hold, true, -1));
    }

    @Override
    public Optional<Hold> get(String holdId) {
        Tracked tracked = seen.get(holdId);
        if (tracked != null) {
            return Optional.of(tracked.hold());
        }
        Optional<Hold> loaded = Connectivity.guard(() -> load(holdId));
        loaded.ifPresent(hold -> seen.put(holdId, new Tracked(hold, false, hold.version())));
        return loaded;
    }

    @Override
    public List<String> expiredBy(Instant now, int limit) {
        List<String> expired = new ArrayList<>();
        Connectivity.guard(() -> {
            Sql.forEach(handle, """
                            SELECT holdid FROM holds WHERE status = 'active' AND expires_at <= ?
                            ORDER BY expires_at FETCH FIRST ? ROWS ONLY""",
                    statement -> {
                        statement.setObject(1, now.atOffset(ZoneOffset.UTC));
                        statement.setInt(2, limit);
                    },
                    row -> expired.add(row.getString(1)));
            return null;
        });
        return expired;
    }

    /**
     * Writes every changed hold, one JDBC batch per statement: first the rows of holds loaded and changed, each
     * checked against the version it was loaded at (a miss is a {@link ConcurrencyConflict}, before anything else
     * of the holds is written), then new holds and their lines. In hold id order, as products go in SKU order, so
     * two commits lock the same rows in the same order.
     */
    void save() {
        List<Tracked> changed = seen.values().stream().filter(Tracked::changed)
                .sorted(Comparator.comparing(tracked -> tracked.hold().holdId())).toList();
        Sql.Batched updates = new Sql.Batched(handle,
                "UPDATE holds SET status = ?, expires_at = ?, orderid = ?, version = ? WHERE holdid = ? AND version = ?");
        Sql.Batched inserts = new Sql.Batched(handle,
                "INSERT INTO holds (status, expires_at, orderid, version, holdid) VALUES (?, ?, ?, ?, ?)");
        Sql.Batched lineInserts = new Sql.Batched(handle,
                "INSERT INTO hold_lines (holdid, sku, qty, batchref, eta) VALUES (?, ?, ?, ?, ?)");
        List<String> checked = new ArrayList<>();
        for (Tracked tracked : changed) {
            Hold hold = tracked.hold();
            if (tracked.isNew()) {
                inserts.add(statement -> setHold(statement, hold));
                hold.lines().forEach(line -> lineInserts.add(statement -> {
                    statement.setString(1, hold.holdId());
                    statement.setString(2, line.sku());
                    statement.setInt(3, line.qty());
                    statement.setString(4, line.batchRef());
                    if (line.eta() != null) {
                        statement.setObject(5, line.eta());
                    } else {
                        statement.setNull(5, Types.DATE);
                    }
                }));
            } else {
                updates.add(statement -> {
                    setHold(statement, hold);
                    statement.setLong(6, tracked.loadedVersion());
                });
                checked.add(hold.holdId());
            }
        }
        int[] updated = updates.execute();
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                throw ConcurrencyConflict.onHold(checked.get(i));
            }
        }
        inserts.execute();
        lineInserts.execute();
    }

    /** The insert and the update take the same first parameters, in the same order: the hold id fifth. */
    private static void setHold(PreparedStatement statement, Hold hold) throws SQLException {
        statement.setString(1, hold.recordedStatus().toString());
        statement.setObject(2, hold.expiresAt().atOffset(ZoneOffset.UTC));
        statement.setString(3, hold.orderId().orElse(null));
        statement.setLong(4, hold.version());
        statement.setString(5, hold.holdId());
    }

    /** The hold and its lines, in one query. */
    private Optional<Hold> load(String holdId) {
        HoldRow[] stored = new HoldRow[1];
        List<Hold.Line> lines = new ArrayList<>();
        Sql.forEach(handle, HOLD_WITH_LINES, statement -> statement.setString(1, holdId), row -> {
            if (!row.getString(1).equals(holdId)) {
                // As for products and lines: another hold than the one asked for would be written back as it.
                throw new IllegalStateException("The database returned another hold for a hold id of " + holdId.length()
                        + " UTF-16 units: identifiers must be text it stores exactly");
            }
            stored[0] = new HoldRow(Hold.Status.valueOf(row.getString(2).toUpperCase(Locale.ROOT)),
                    row.getObject(3, OffsetDateTime.class).toInstant(), row.getString(4), row.getLong(5));
            if (row.getString(6) != null) {
                lines.add(new Hold.Line(row.getString(6), row.getInt(7), row.getString(8), row.getObject(9, LocalDate.class)));
            }
        });
        return Optional.ofNullable(stored[0])
                .map(hold -> new Hold(holdId, lines, hold.expiresAt(), hold.status(), hold.orderId(), hold.version()));
    }

    /** What a hold's own row holds; its lines come on the same rows of the query. */
    private record HoldRow(Hold.Status status, Instant expiresAt, String orderId, long version) {
    }

    /** A hold this unit of work holds: new ({@code isNew}, inserted at commit), or loaded at {@code loadedVersion}. */
    private record Tracked(Hold hold, boolean isNew, long loadedVersion) {

        boolean changed() {
            return isNew || hold.version() != loadedVersion;
        }
    }
}
