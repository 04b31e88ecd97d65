package com.example.allocation.adapters.persistence;

import com.example.allocation.servicelayer.OrderHistory;
import com.example.allocation.servicelayer.ReadModelWriter;
import com.example.allocation.servicelayer.Origin;
import com.example.allocation.servicelayer.OutgoingMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

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

    private record Fact(String orderId, String sku, int qty, String type, String batchReference, Origin origin) {
    }

    private final List<Fact> history = new ArrayList<>();

    @Override
    public void add(String orderId, String sku, String batchReference) {
        allocations.put(new Line(orderId, sku), Optional.of(batchReference));
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
        return (orderId, sku, qty, type, batchReference) -> history.add(new Fact(orderId, sku, qty, type, batchReference, origin));
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
        PreparedBatch upserts = handle.prepareBatch(dialect.upsertAllocation);
        PreparedBatch deletes = handle.prepareBatch("DELETE FROM allocations_view WHERE orderid = :orderid AND sku = :sku");
        allocations.forEach((line, batch) -> {
            PreparedBatch statement = batch.isPresent() ? upserts.bind("batchref", batch.get()) : deletes;
            statement.bind("orderid", line.orderId()).bind("sku", line.sku()).add();
        });
        PreparedBatch messages = handle.prepareBatch("""
                INSERT INTO outbox (message_id, kind, destination, payload, recorded_at, requested_by, correlation_id)
                VALUES (:messageId, :kind, :destination, :payload, :recordedAt, :requestedBy, :correlationId)""");
        Instant now = Instant.now();
        for (Outgoing entry : outgoing) {
            OutgoingMessage message = entry.message();
            messages.bind("messageId", UUID.randomUUID()).bind("kind", OutboxJson.kind(message))
                    .bind("destination", message.destination()).bind("payload", OutboxJson.payload(message))
                    .bind("recordedAt", now).bind("requestedBy", entry.origin().requestedBy())
                    .bind("correlationId", entry.origin().correlationId()).add();
        }
        PreparedBatch inbox = handle.prepareBatch("INSERT INTO inbox (message_id, applied_at) VALUES (:messageId, :appliedAt)");
        applied.forEach(messageId -> inbox.bind("messageId", messageId).bind("appliedAt", now).add());
        PreparedBatch facts = handle.prepareBatch("""
                INSERT INTO order_history (orderid, sku, qty, type, batchref, cause, request_id, recorded_at)
                VALUES (:orderid, :sku, :qty, :type, :batchref, :cause, :requestId, :recordedAt)""");
        for (Fact fact : history) {
            facts.bind("orderid", fact.orderId()).bind("sku", fact.sku()).bind("qty", fact.qty()).bind("type", fact.type())
                    .bind("batchref", fact.batchReference())
                    .bind("cause", fact.origin().cause() == null ? "(not recorded)" : fact.origin().cause())
                    .bind("requestId", fact.origin().correlationId()).bind("recordedAt", now).add();
        }
        StatementBatches.execute(deletes, upserts, messages, inbox, facts);
        clear();
    }
}
