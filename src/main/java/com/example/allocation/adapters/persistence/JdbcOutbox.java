package com.example.allocation.adapters.persistence;

import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import com.example.allocation.servicelayer.outbox.OutgoingMessage;
import com.example.allocation.servicelayer.ports.Outbox;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The {@code outbox} table. On PostgreSQL a relay holds a transaction-scoped advisory lock, so one relay
 * works at a time across instances; H2's file database serves one process, whose single relay thread needs no
 * lock. The one relay at work reads its rows without locking them, and deletes each row once delivered: a row
 * lock and an update (a new row version and an entry in each index) per message cost the database more than the
 * allocation that recorded it (decision 31). A row an older build marked delivered ({@code delivered_at}) is
 * never handed out again, and goes with the hourly clean-up.
 */
final class JdbcOutbox implements Outbox {

    /** The advisory lock key of the relay: any constant the service uses for nothing else. */
    private static final long RELAY_LOCK = 0x616c6c6f636174L;

    private final Handle handle;
    private final WritesAtCommit atCommit;
    private final Dialect dialect;
    private final Origin origin;

    JdbcOutbox(Handle handle, WritesAtCommit atCommit, Dialect dialect, Origin origin) {
        this.handle = handle;
        this.atCommit = atCommit;
        this.dialect = dialect;
        this.origin = origin;
    }

    /**
     * On PostgreSQL, the relay also finds its rows through the primary key only. Each row delivered leaves a dead row
     * behind until vacuum, and the planner, which does not count dead rows, judges a table of a few pending rows small
     * enough to read whole: through the dead rows of the last minute, several milliseconds a round. Through the index,
     * PostgreSQL marks dead entries as it passes them, and the next round skips them (decision 31).
     */
    @Override
    public boolean becomeRelay() {
        if (!dialect.advisoryLocks) {
            return true;
        }
        // Set for the transaction whether or not the lock is had: one round trip, and a transaction that is not the
        // relay ends at once.
        return Sql.first(handle, """
                        SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true),
                               pg_try_advisory_xact_lock(?)""",
                statement -> statement.setLong(1, RELAY_LOCK), row -> row.getBoolean(3)).orElseThrow();
    }

    /** Inserted into the table when the unit of work commits, with everything else it did ({@link WritesAtCommit}). */
    @Override
    public void add(OutgoingMessage message) {
        atCommit.insertIntoOutbox(message, origin);
    }

    @Override
    public List<OutboxEntry> pending(long afterId, int limit) {
        List<OutboxEntry> entries = new ArrayList<>();
        Sql.forEach(handle, """
                        SELECT id, message_id, kind, destination, payload, requested_by, correlation_id, recorded_at FROM outbox
                        WHERE delivered_at IS NULL AND id > ?
                        ORDER BY id LIMIT ?""",
                statement -> {
                    statement.setLong(1, afterId);
                    statement.setInt(2, limit);
                },
                row -> entries.add(new OutboxEntry(row.getLong("id"), row.getObject("message_id", UUID.class),
                        OutboxJson.message(row.getString("kind"), row.getString("destination"), row.getString("payload")),
                        new Origin(row.getString("requested_by"), row.getString("correlation_id")),
                        row.getObject("recorded_at", OffsetDateTime.class).toInstant())));
        return entries;
    }

    /** One statement for all of them. */
    @Override
    public void delivered(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            Sql.execute(handle, "DELETE FROM outbox WHERE id = ANY (?)", List.of(Sql.array("BIGINT", ids)));
        }
    }

    @Override
    public List<Backlog> backlog() {
        return handle.createQuery("""
                        SELECT kind, destination, COUNT(*) AS messages, MIN(recorded_at) AS oldest FROM outbox
                        WHERE delivered_at IS NULL GROUP BY kind, destination""")
                .map((rs, ctx) -> new Backlog(rs.getString("destination"), OutboxJson.toPeople(rs.getString("kind")),
                        rs.getLong("messages"), rs.getObject("oldest", OffsetDateTime.class).toInstant()))
                .list();
    }

    @Override
    public int deleteDeliveredBefore(Instant cutoff) {
        return handle.createUpdate("DELETE FROM outbox WHERE delivered_at < :cutoff").bind("cutoff", cutoff).execute();
    }
}
