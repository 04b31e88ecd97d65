package com.example.allocation.adapters.persistence;

import com.example.allocation.servicelayer.ports.OrderHistory;
import com.example.allocation.servicelayer.ports.ReadModelWriter;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.outbox.OutgoingMessage;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Read-model and outbox writes made in a unit of work, held in memory and written at commit in one batch
 * per statement. A nested unit of work gets a buffer of its own, merged into its parent's when it commits
 * and dropped when it does not: undoing a failed event handler costs nothing, and no savepoint.
 */
final class PendingWrites implements ReadModelWriter {

    private record Line(String orderId, String sku) {
    }

    /** The read model's last word on each line this unit of work touched: its batch, or empty if removed. */
    private final Map<Line, Optional<String>> allocations = new LinkedHashMap<>();
    private final List<Outgoing> outgoing = new ArrayList<>();
    private final Set<String> applied = new LinkedHashSet<>();

    private record Outgoing(OutgoingMessage message, Origin origin) {
    }

    private record Fact(String orderId, String sku, int qty, String type, String batchRef, Origin origin) {
    }

    private final List<Fact> history = new ArrayList<>();

    @Override
    public void add(String orderId, String sku, String batchRef) {
        allocations.put(new Line(orderId, sku), Optional.of(batchRef));
    }

    @Override
    public void remove(String orderId, String sku) {
        allocations.put(new Line(orderId, sku), Optional.empty());
    }

    void send(OutgoingMessage message, Origin origin) {
        outgoing.add(new Outgoing(message, origin));
    }

    /** A fact for the order's history, written at commit with when, why ({@code origin}'s cause) and which request. */
    OrderHistory history(Origin origin) {
        return (orderId, sku, qty, type, batchRef) -> history.add(new Fact(orderId, sku, qty, type, batchRef, origin));
    }

    void apply(String messageId) {
        applied.add(messageId);
    }

    boolean applies(String messageId) {
        return applied.contains(messageId);
    }

    void mergeInto(PendingWrites parent) {
        parent.allocations.putAll(allocations);
        parent.outgoing.addAll(outgoing);
        parent.applied.addAll(applied);
        parent.history.addAll(history);
        clear();
    }

    void clear() {
        allocations.clear();
        outgoing.clear();
        applied.clear();
        history.clear();
    }

    void flush(Handle handle, Dialect dialect) {
        Sql.Batched upserts = new Sql.Batched(handle, dialect.upsertAllocation);
        Sql.Batched deletes = new Sql.Batched(handle, "DELETE FROM allocations_view WHERE orderid = ? AND sku = ?");
        allocations.forEach((line, batch) -> {
            if (batch.isPresent()) {
                upserts.add(statement -> {
                    statement.setString(1, line.orderId());
                    statement.setString(2, line.sku());
                    statement.setString(3, batch.get());
                });
            } else {
                deletes.add(statement -> {
                    statement.setString(1, line.orderId());
                    statement.setString(2, line.sku());
                });
            }
        });
        Sql.Batched messages = new Sql.Batched(handle, """
                INSERT INTO outbox (message_id, kind, destination, payload, recorded_at, requested_by, correlation_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)""");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (Outgoing entry : outgoing) {
            OutgoingMessage message = entry.message();
            messages.add(statement -> {
                statement.setObject(1, UUID.randomUUID());
                statement.setString(2, OutboxJson.kind(message));
                statement.setString(3, message.destination());
                statement.setString(4, OutboxJson.payload(message));
                statement.setObject(5, now);
                statement.setString(6, entry.origin().requestedBy());
                statement.setString(7, entry.origin().correlationId());
            });
        }
        Sql.Batched inbox = new Sql.Batched(handle, "INSERT INTO inbox (message_id, applied_at) VALUES (?, ?)");
        applied.forEach(messageId -> inbox.add(statement -> {
            statement.setString(1, messageId);
            statement.setObject(2, now);
        }));
        Sql.Batched facts = new Sql.Batched(handle, """
                INSERT INTO order_history (orderid, sku, qty, type, batchref, cause, request_id, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
        for (Fact fact : history) {
            facts.add(statement -> {
                statement.setString(1, fact.orderId());
                statement.setString(2, fact.sku());
                statement.setInt(3, fact.qty());
                statement.setString(4, fact.type());
                statement.setString(5, fact.batchRef());
                statement.setString(6, fact.origin().cause() == null ? "(not recorded)" : fact.origin().cause());
                statement.setString(7, fact.origin().correlationId());
                statement.setObject(8, now);
            });
        }
        deletes.execute();
        upserts.execute();
        messages.execute();
        inbox.execute();
        facts.execute();
        clear();
    }
}
