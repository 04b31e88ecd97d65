package com.example.allocation.adapters.persistence;

import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import com.example.allocation.servicelayer.outbox.OutgoingMessage;
import com.example.allocation.servicelayer.ports.Outbox;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The {@code outbox} table. On PostgreSQL a relay holds a transaction-scoped advisory lock, so one relay
 * works at a time across instances; rows are also claimed {@code FOR UPDATE SKIP LOCKED}, so no row is
 * ever handed to two relays. H2's file database serves one process, whose single relay thread needs no lock.
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

    @Override
    public boolean becomeRelay() {
        return !dialect.advisoryLocks || Sql.first(handle, "SELECT pg_try_advisory_xact_lock(?)",
                statement -> statement.setLong(1, RELAY_LOCK), row -> row.getBoolean(1)).orElseThrow();
    }

    /** Inserted into the table when the unit of work commits, with everything else it did ({@link WritesAtCommit}). */
    @Override
    public void add(OutgoingMessage message) {
        atCommit.insertIntoOutbox(message, origin);
    }

    @Override
    public List<OutboxEntry> claimPending(long afterId, int limit) {
        List<OutboxEntry> entries = new ArrayList<>();
        Sql.forEach(handle, """
                        SELECT id, message_id, kind, destination, payload, requested_by, correlation_id, recorded_at FROM outbox
                        WHERE delivered_at IS NULL AND id > ?
                        ORDER BY id LIMIT ?
                        FOR UPDATE SKIP LOCKED""",
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

    @Override
    public void markDelivered(Collection<Long> ids) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Sql.Batched delivered = new Sql.Batched(handle, "UPDATE outbox SET delivered_at = ? WHERE id = ?");
        for (long id : ids) {
            delivered.add(statement -> {
                statement.setObject(1, now);
                statement.setLong(2, id);
            });
        }
        delivered.execute();
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
