package com.example.allocation.views;

import com.example.allocation.adapters.persistence.Connectivity;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The read side of the CQRS read model (book chapter 12, the book's {@code views.py}): the queries the API
 * answers, in plain SQL, without loading aggregates. A SQL adapter itself, it uses the persistence adapter's
 * {@link Connectivity} guard, so a database that cannot be reached is "try again", not a fault of ours.
 */
public final class Views {

    /** An allocated line of an order: the reference application's {@code GET /allocations/{orderid}} item. */
    public record Allocation(String sku, String batchref) {
    }

    public record OrderView(String orderid, List<OrderLineView> lines) {
    }

    /** {@code status} is "allocated" or "backordered"; {@code batchref} is null while backordered. */
    public record OrderLineView(String sku, int qty, String status, String batchref) {
    }

    public record ProductView(String sku, long version, List<BatchView> batches, List<BackorderView> backordered) {
    }

    public record BatchView(String ref, LocalDate eta, int purchased, int allocated, int available) {
    }

    public record BackorderView(String orderid, int qty) {
    }

    private final Jdbi jdbi;

    public Views(Jdbi jdbi) {
        this.jdbi = jdbi;
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
        List<OrderLineView> lines = read(handle -> handle.createQuery(
                        "SELECT sku, qty, batchref FROM order_lines WHERE orderid = :orderid ORDER BY sku")
                .bind("orderid", orderId)
                .map((rs, ctx) -> {
                    String batchref = rs.getString("batchref");
                    return new OrderLineView(rs.getString("sku"), rs.getInt("qty"),
                            batchref == null ? "backordered" : "allocated", batchref);
                })
                .list());
        return lines.isEmpty() ? Optional.empty() : Optional.of(new OrderView(orderId, lines));
    }

    /**
     * The product's batches, in order of preference, with what each has left, and its backordered lines,
     * oldest first. One transaction, so the figures agree with each other.
     */
    public Optional<ProductView> product(String sku) {
        return readConsistently(handle -> handle.createQuery("SELECT version FROM products WHERE sku = :sku")
                .bind("sku", sku)
                .mapTo(Long.class)
                .findOne()
                .map(version -> new ProductView(sku, version,
                        handle.createQuery("""
                                        SELECT reference, eta, purchased, allocated FROM batches WHERE sku = :sku
                                        ORDER BY CASE WHEN eta IS NULL THEN 0 ELSE 1 END, eta, id""")
                                .bind("sku", sku)
                                .map((rs, ctx) -> new BatchView(rs.getString("reference"), rs.getObject("eta", LocalDate.class),
                                        rs.getInt("purchased"), rs.getInt("allocated"),
                                        rs.getInt("purchased") - rs.getInt("allocated")))
                                .list(),
                        handle.createQuery("""
                                        SELECT orderid, qty FROM order_lines WHERE sku = :sku AND batchref IS NULL
                                        ORDER BY line_sequence""")
                                .bind("sku", sku)
                                .map((rs, ctx) -> new BackorderView(rs.getString("orderid"), rs.getInt("qty")))
                                .list())));
    }
}
