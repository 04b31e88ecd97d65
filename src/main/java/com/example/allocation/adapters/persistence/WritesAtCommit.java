package com.example.allocation.adapters.persistence;

import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.outbox.OutgoingMessage;
import com.example.allocation.servicelayer.ports.OrderHistory;
import com.example.allocation.servicelayer.ports.ReadModelWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * What a unit of work writes to the read model ({@code allocations_view}), the {@code outbox}, the {@code inbox}
 * and {@code order_history}: held in memory, and written when it commits, after the products
 * ({@link JdbcProductRepository#save()}): on H2 one JDBC batch per statement (decision 15), on PostgreSQL the three
 * that every allocation writes in one round trip ({@link #writeTogether}). A nested unit of work gets
 * writes of its own, merged into its parent's when it commits and dropped when it does not: undoing a failed event
 * handler costs nothing, and no savepoint.
 */
final class WritesAtCommit {

    private record Line(String orderId, String sku) {
    }

    private record Outgoing(OutgoingMessage message, Origin origin) {
    }

    private record Fact(String orderId, String sku, int qty, String type, String batchRef, Origin origin) {

        /** Why, in words: the origin's cause, or a word saying none was recorded. */
        String cause() {
            return origin.cause() == null ? "(not recorded)" : origin.cause();
        }
    }

    /** The read model's last word on each line this unit of work touched: its batch, or empty if removed. */
    private final Map<Line, Optional<String>> allocationsView = new LinkedHashMap<>();
    private final List<Outgoing> outbox = new ArrayList<>();
    private final Set<String> inbox = new LinkedHashSet<>();
    private final List<Fact> orderHistory = new ArrayList<>();

    private final ReadModelWriter allocationsViewWriter = new ReadModelWriter() {

        @Override
        public void add(String orderId, String sku, String batchRef) {
            allocationsView.put(new Line(orderId, sku), Optional.of(batchRef));
        }

        @Override
        public void remove(String orderId, String sku) {
            allocationsView.put(new Line(orderId, sku), Optional.empty());
        }
    };

    /** The read model's writer: each line's batch upserted into {@code allocations_view} at commit, or its row deleted. */
    ReadModelWriter allocationsViewWriter() {
        return allocationsViewWriter;
    }

    void insertIntoOutbox(OutgoingMessage message, Origin origin) {
        outbox.add(new Outgoing(message, origin));
    }

    void insertIntoInbox(String messageId) {
        inbox.add(messageId);
    }

    /** Whether this unit of work is to record the message as applied: it is not in the table until the commit. */
    boolean insertsIntoInbox(String messageId) {
        return inbox.contains(messageId);
    }

    /** The order history's writer: each fact inserted into {@code order_history} at commit, with when, why ({@code origin}'s cause) and which request. */
    OrderHistory orderHistoryWriter(Origin origin) {
        return (orderId, sku, qty, type, batchRef) -> orderHistory.add(new Fact(orderId, sku, qty, type, batchRef, origin));
    }

    void mergeInto(WritesAtCommit parent) {
        parent.allocationsView.putAll(allocationsView);
        parent.outbox.addAll(outbox);
        parent.inbox.addAll(inbox);
        parent.orderHistory.addAll(orderHistory);
        clear();
    }

    void clear() {
        allocationsView.clear();
        outbox.clear();
        inbox.clear();
        orderHistory.clear();
    }

    /**
     * Writes everything held to its table, in the commit's transaction, and forgets it. On PostgreSQL the read model's
     * rows, the outbox's and the history's go in one round trip ({@link #writeTogether}); on H2, a JDBC batch each.
     */
    void write(Handle handle, Dialect dialect) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        removeFromAllocationsView(handle);
        if (dialect == Dialect.POSTGRESQL) {
            writeTogether(handle, now);
        } else {
            writeAllocationsView(handle, dialect);
            writeOutbox(handle, now);
            writeOrderHistory(handle, now);
        }
        writeInbox(handle, now);
        clear();
    }

    /**
     * The read model's upserts, the outbox's rows and the history's facts, each one statement over arrays (a row per
     * element, {@code unnest}, in the order held: the outbox's ids are the order its messages leave in), sent together
     * in one {@code execute()}: one round trip where a JDBC batch each took three. An insert over arrays has no plan to
     * go wrong (decisions 27 and 31): each row is an entry in each index, as it was.
     */
    private void writeTogether(Handle handle, OffsetDateTime now) {
        List<Line> upserted = new ArrayList<>();
        allocationsView.forEach((line, batch) -> batch.ifPresent(present -> upserted.add(line)));
        StringBuilder text = new StringBuilder();
        List<Sql.Parameter> parameters = new ArrayList<>();
        if (!upserted.isEmpty()) {
            text.append("""
                    INSERT INTO allocations_view (orderid, sku, batchref) SELECT * FROM unnest(?::text[], ?::text[], ?::text[])
                    ON CONFLICT (orderid, sku) DO UPDATE SET batchref = EXCLUDED.batchref;
                    """);
            parameters.add(texts(upserted, Line::orderId));
            parameters.add(texts(upserted, Line::sku));
            parameters.add(texts(upserted, line -> allocationsView.get(line).orElseThrow()));
        }
        if (!outbox.isEmpty()) {
            text.append("""
                    INSERT INTO outbox (message_id, kind, destination, payload, recorded_at, requested_by, correlation_id)
                    SELECT m::uuid, k, d, p, ?::timestamptz, r, c
                    FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS u(m, k, d, p, r, c, n)
                    ORDER BY n;
                    """);
            parameters.add(timestamp(now));
            parameters.add(texts(outbox, entry -> UUID.randomUUID().toString()));
            parameters.add(texts(outbox, entry -> OutboxJson.kind(entry.message())));
            parameters.add(texts(outbox, entry -> entry.message().destination()));
            parameters.add(texts(outbox, entry -> OutboxJson.payload(entry.message())));
            parameters.add(texts(outbox, entry -> entry.origin().requestedBy()));
            parameters.add(texts(outbox, entry -> entry.origin().correlationId()));
        }
        if (!orderHistory.isEmpty()) {
            text.append("""
                    INSERT INTO order_history (orderid, sku, qty, type, batchref, cause, request_id, recorded_at)
                    SELECT o, s, q, t, b, c, r, ?::timestamptz
                    FROM unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS u(o, s, q, t, b, c, r, n)
                    ORDER BY n;
                    """);
            parameters.add(timestamp(now));
            parameters.add(texts(orderHistory, Fact::orderId));
            parameters.add(texts(orderHistory, Fact::sku));
            parameters.add(Sql.array("int4", orderHistory.stream().map(Fact::qty).toList()));
            parameters.add(texts(orderHistory, Fact::type));
            parameters.add(texts(orderHistory, Fact::batchRef));
            parameters.add(texts(orderHistory, Fact::cause));
            parameters.add(texts(orderHistory, fact -> fact.origin().correlationId()));
        }
        if (!parameters.isEmpty()) {
            Sql.execute(handle, text.toString(), parameters);
        }
    }

    /** A column of text, an element per row. */
    private static <T> Sql.Parameter texts(List<T> rows, Function<T, String> column) {
        return Sql.array("text", rows.stream().map(column).toList());
    }

    private static Sql.Parameter timestamp(OffsetDateTime at) {
        return (statement, index) -> statement.setObject(index, at);
    }

    private void removeFromAllocationsView(Handle handle) {
        Sql.Batched deletes = new Sql.Batched(handle, "DELETE FROM allocations_view WHERE orderid = ? AND sku = ?");
        allocationsView.forEach((line, batch) -> {
            if (batch.isEmpty()) {
                deletes.add(statement -> {
                    statement.setString(1, line.orderId());
                    statement.setString(2, line.sku());
                });
            }
        });
        deletes.execute();
    }

    private void writeAllocationsView(Handle handle, Dialect dialect) {
        Sql.Batched upserts = new Sql.Batched(handle, dialect.upsertAllocation);
        allocationsView.forEach((line, batch) -> batch.ifPresent(batchRef -> upserts.add(statement -> {
            statement.setString(1, line.orderId());
            statement.setString(2, line.sku());
            statement.setString(3, batchRef);
        })));
        upserts.execute();
    }

    private void writeOutbox(Handle handle, OffsetDateTime now) {
        Sql.Batched inserts = new Sql.Batched(handle, """
                INSERT INTO outbox (message_id, kind, destination, payload, recorded_at, requested_by, correlation_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)""");
        for (Outgoing entry : outbox) {
            OutgoingMessage message = entry.message();
            inserts.add(statement -> {
                statement.setObject(1, UUID.randomUUID());
                statement.setString(2, OutboxJson.kind(message));
                statement.setString(3, message.destination());
                statement.setString(4, OutboxJson.payload(message));
                statement.setObject(5, now);
                statement.setString(6, entry.origin().requestedBy());
                statement.setString(7, entry.origin().correlationId());
            });
        }
        inserts.execute();
    }

    private void writeInbox(Handle handle, OffsetDateTime now) {
        Sql.Batched inserts = new Sql.Batched(handle, "INSERT INTO inbox (message_id, applied_at) VALUES (?, ?)");
        inbox.forEach(messageId -> inserts.add(statement -> {
            statement.setString(1, messageId);
            statement.setObject(2, now);
        }));
        inserts.execute();
    }

    private void writeOrderHistory(Handle handle, OffsetDateTime now) {
        Sql.Batched inserts = new Sql.Batched(handle, """
                INSERT INTO order_history (orderid, sku, qty, type, batchref, cause, request_id, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
        for (Fact fact : orderHistory) {
            inserts.add(statement -> {
                statement.setString(1, fact.orderId());
                statement.setString(2, fact.sku());
                statement.setInt(3, fact.qty());
                statement.setString(4, fact.type());
                statement.setString(5, fact.batchRef());
                statement.setString(6, fact.cause());
                statement.setString(7, fact.origin().correlationId());
                statement.setObject(8, now);
            });
        }
        inserts.execute();
    }
}
