package com.example.allocation.views;

import com.example.allocation.adapters.persistence.Connectivity;
import com.example.allocation.domain.refusals.UnknownHold;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The read side of the CQRS read model (book chapter 12, the book's {@code views.py}): the queries the API
 * answers, in plain SQL, without loading aggregates — but one: what a line could be promised is the product's own
 * rule, so {@link #availability} asks the product, as allocation would. A SQL adapter itself, it uses the persistence adapter's
 * {@link Connectivity} guard, so a database that cannot be reached is "try again", not a fault of ours.
 */
public final class Views {

    /** An allocated line of an order: the reference application's {@code GET /allocations/{orderid}} item. */
    public record Allocation(String sku, String batchref) {
    }

    public record OrderView(String orderid, List<OrderLineView> lines) {
    }

    /**
     * {@code status} is "allocated" or "backordered"; {@code batchref} is null while backordered; {@code eta} is when
     * the line's batch is expected: null for warehouse stock, and while backordered.
     */
    public record OrderLineView(String sku, int qty, String status, String batchref, LocalDate eta) {
    }

    /** An order's history, oldest first: {@code GET /orders/{orderid}/history}. */
    public record HistoryView(String orderid, List<HistoryEntryView> history) {
    }

    /**
     * One fact about one of the order's lines: when, which line, what happened ({@code type}, the domain event),
     * the batch concerned (null for a backorder), why (the command, in words), and the request that carried it.
     */
    public record HistoryEntryView(Instant at, String sku, int qty, String type, String batchref, String cause,
            @JsonProperty("request_id") String requestId) {
    }

    /** What a line of {@code qty} could be promised now: {@code GET /products/{sku}/availability}. */
    public record AvailabilityView(String sku, int qty, @JsonProperty("available_now") long availableNow, PromiseView promise) {
    }

    /** The batch a line would be allocated to, and its ETA (null: in the warehouse now). */
    public record PromiseView(String batchref, LocalDate eta) {
    }

    public record ProductView(String sku, long version, List<BatchView> batches, List<BackorderView> backordered) {
    }

    /** {@code held}: what active holds set aside on the batch now, their expired stock not counted (rule 15). */
    public record BatchView(String ref, LocalDate eta, int purchased, int allocated, int held, int available) {
    }

    public record BackorderView(String orderid, int qty) {
    }

    /**
     * A checkout hold: {@code GET /holds/{holdid}}. {@code status} is its status now: "expired" from its expiry on,
     * whether or not the sweeper has recorded it yet; {@code orderid} is the order it was confirmed for, null until
     * then. Its lines are what it held when placed, by SKU, whatever has become of that stock since.
     */
    public record HoldView(String holdid, String status, @JsonProperty("expires_at") Instant expiresAt, String orderid,
            List<HoldLineView> lines) {
    }

    /** A held line: the batch it was held on, and that batch's ETA then (null: in the warehouse). */
    public record HoldLineView(String sku, int qty, String batchref, LocalDate eta) {
    }

    private final Jdbi jdbi;
    private final UnitOfWorkFactory units;

    /**
     * @param units for the one answer that only the domain model can give (availability): a product loaded, asked,
     *     and let go, never committed
     */
    public Views(Jdbi jdbi, UnitOfWorkFactory units) {
        this.jdbi = jdbi;
        this.units = units;
    }

    /** Runs a query, in a handle of its own. */
    private <T> T read(HandleCallback<T, RuntimeException> query) {
        return Connectivity.guard(() -> jdbi.withHandle(query));
    }

    /** Runs queries in one read transaction, so that their figures agree. */
    private <T> T readConsistently(HandleCallback<T, RuntimeException> query) {
        return Connectivity.guard(() -> jdbi.inTransaction(query));
    }

    /** The order's allocated lines, from the read model; empty if it has none. */
    public List<Allocation> allocations(String orderId) {
        return read(handle -> handle.createQuery(
                        "SELECT sku, batchref FROM allocations_view WHERE orderid = :orderid ORDER BY sku")
                .bind("orderid", orderId)
                .map((rs, ctx) -> new Allocation(rs.getString("sku"), rs.getString("batchref")))
                .list());
    }

    /** Every accepted line of the order, allocated or backordered; empty if the order has none. */
    public Optional<OrderView> order(String orderId) {
        List<OrderLineView> lines = read(handle -> handle.createQuery("""
                        SELECT l.sku, l.qty, l.batchref, b.eta FROM order_lines l
                        LEFT JOIN batches b ON b.reference = l.batchref
                        WHERE l.orderid = :orderid ORDER BY l.sku""")
                .bind("orderid", orderId)
                .map((rs, ctx) -> {
                    String batchref = rs.getString("batchref");
                    return new OrderLineView(rs.getString("sku"), rs.getInt("qty"),
                            batchref == null ? "backordered" : "allocated", batchref, rs.getObject("eta", LocalDate.class));
                })
                .list());
        return lines.isEmpty() ? Optional.empty() : Optional.of(new OrderView(orderId, lines));
    }

    /**
     * The product's batches, in order of preference, with what each has left at {@code now}, and its backordered
     * lines, oldest first. One transaction, so the figures agree with each other. Stock held for a hold that has
     * expired by {@code now} counts as free, as the next change to the product will find it; a batch that records no
     * held stock costs no look at {@code held_stock}.
     */
    public Optional<ProductView> product(String sku, Instant now) {
        return readConsistently(handle -> handle.createQuery("SELECT version FROM products WHERE sku = :sku")
                .bind("sku", sku)
                .mapTo(Long.class)
                .findOne()
                .map(version -> new ProductView(sku, version,
                        handle.createQuery("""
                                        SELECT b.reference, b.eta, b.purchased, b.allocated,
                                            CASE WHEN b.held = 0 THEN 0 ELSE COALESCE((SELECT SUM(h.qty) FROM held_stock h
                                                WHERE h.sku = b.sku AND h.batchref = b.reference AND h.expires_at > :now), 0) END AS held
                                        FROM batches b WHERE b.sku = :sku
                                        ORDER BY CASE WHEN b.eta IS NULL THEN 0 ELSE 1 END, b.eta, b.id""")
                                .bind("sku", sku)
                                .bind("now", now.atOffset(ZoneOffset.UTC))
                                .map((rs, ctx) -> new BatchView(rs.getString("reference"), rs.getObject("eta", LocalDate.class),
                                        rs.getInt("purchased"), rs.getInt("allocated"), rs.getInt("held"),
                                        rs.getInt("purchased") - rs.getInt("allocated") - rs.getInt("held")))
                                .list(),
                        handle.createQuery("""
                                        SELECT orderid, qty FROM order_lines WHERE sku = :sku AND batchref IS NULL
                                        ORDER BY line_sequence""")
                                .bind("sku", sku)
                                .map((rs, ctx) -> new BackorderView(rs.getString("orderid"), rs.getInt("qty")))
                                .list())));
    }

    /**
     * The hold as it stands at {@code now}, with its lines; empty if there is no such hold. One transaction, so the
     * lines are the hold's. An active hold past its expiry is "expired", as {@code Hold.status(now)} has it.
     */
    public Optional<HoldView> hold(String holdId, Instant now) {
        return readConsistently(handle -> handle.createQuery("""
                        SELECT holdid, CASE WHEN status = 'active' AND expires_at <= :now THEN 'expired' ELSE status END AS status,
                            expires_at, orderid FROM holds WHERE holdid = :holdid""")
                .bind("holdid", holdId)
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .map((rs, ctx) -> new HoldView(rs.getString("holdid"), rs.getString("status"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant(), rs.getString("orderid"),
                        handle.createQuery("SELECT sku, qty, batchref, eta FROM hold_lines WHERE holdid = :holdid ORDER BY sku")
                                .bind("holdid", holdId)
                                .map((line, lineCtx) -> new HoldLineView(line.getString("sku"), line.getInt("qty"),
                                        line.getString("batchref"), line.getObject("eta", LocalDate.class)))
                                .list()))
                .findOne());
    }

    /** Every fact recorded about the order's lines, oldest first; empty if the order was never seen. */
    public Optional<HistoryView> history(String orderId) {
        List<HistoryEntryView> entries = read(handle -> handle.createQuery("""
                        SELECT recorded_at, sku, qty, type, batchref, cause, request_id FROM order_history
                        WHERE orderid = :orderid ORDER BY id""")
                .bind("orderid", orderId)
                .map((rs, ctx) -> new HistoryEntryView(rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                        rs.getString("sku"), rs.getInt("qty"), rs.getString("type"), rs.getString("batchref"),
                        rs.getString("cause"), rs.getString("request_id")))
                .list());
        return entries.isEmpty() ? Optional.empty() : Optional.of(new HistoryView(orderId, entries));
    }

    /**
     * What a line of {@code qty} could be promised at {@code now}, as allocation would decide it (the product itself
     * answers, in a unit of work that is never committed: nothing is written, no version bumped); empty for an
     * unknown SKU. For the holder of {@code holdId} (null: nobody), what that hold holds counts as free.
     *
     * @throws UnknownHold if {@code holdId} names no hold: an answer for a hold that is not there would promise its
     *     caller stock that nobody set aside for it
     */
    public Optional<AvailabilityView> availability(String sku, int qty, Instant now, String holdId) {
        try (UnitOfWork uow = units.start()) {
            return Availability.of(uow, sku, qty, now, holdId).map(answer -> new AvailabilityView(answer.sku(), answer.qty(),
                    answer.availableNow(), answer.promise().map(promise -> new PromiseView(promise.batchref(), promise.eta()))
                    .orElse(null)));
        }
    }

    /** How many holds set stock aside at {@code now}: recorded active, and not yet expired. */
    public long activeHolds(Instant now) {
        return read(handle -> handle.createQuery("SELECT COUNT(*) FROM holds WHERE status = 'active' AND expires_at > :now")
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .mapTo(Long.class)
                .one());
    }
}
