package com.example.allocation.domain;

import java.util.List;
import java.util.Optional;

/**
 * The order lines one product has accepted: a collection that belongs to the aggregate.
 *
 * <p>It is an interface, not a field holding every line, because a product may accumulate millions of
 * lines and allocating one more must not read them all. The aggregate asks only the questions its rules
 * need; a repository answers each from storage on demand and remembers what changed. {@link
 * InMemoryOrderLines} is the plain implementation for new products and for tests.
 */
public interface OrderLines {

    /** The line of this order, if the product has accepted one (an order has one line per SKU). */
    Optional<AcceptedLine> find(String orderId);

    /** The line most recently allocated to the batch: the first to go when the batch shrinks. */
    Optional<AcceptedLine> newestAllocatedTo(String batchRef);

    /** The oldest backordered line whose quantity is at most {@code maxQty}: the next one stock can fill. */
    Optional<AcceptedLine> oldestBackorderedOfAtMost(int maxQty);

    /** Adds the line, or replaces the line of the same order. */
    void put(AcceptedLine line);

    void remove(String orderId);

    /**
     * Every line, in sequence order. Reads the whole collection: for tests and tools, never for the
     * rules themselves.
     */
    List<AcceptedLine> all();
}
