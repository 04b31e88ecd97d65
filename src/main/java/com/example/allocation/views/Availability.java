package com.example.allocation.views;

import com.example.allocation.domain.Batch;
import com.example.allocation.domain.Product;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What the service can promise a line of {@code qty} now ({@code GET /products/{sku}/availability}): the units free
 * in the warehouse, and the batch such a line would be allocated to if it were placed now — decided by the product
 * itself, by the rule and the code that allocation uses — or none, when it would be backordered. Answering reads
 * the product and writes nothing: its version stays, and no lock is taken.
 */
public record Availability(String sku, int qty, long availableNow, Optional<Promise> promise) {

    /** The batch a line would go to, and when it is expected: null for stock in the warehouse now. */
    public record Promise(String batchref, LocalDate eta) {
    }

    /** The answer for a product, or empty if there is no such product; {@code uow} is closed by its owner, uncommitted. */
    public static Optional<Availability> of(UnitOfWork uow, String sku, int qty) {
        return uow.products().get(sku).map(product -> of(product, qty));
    }

    private static Availability of(Product product, int qty) {
        Optional<Promise> promise = product.promise(qty).map(Availability::promiseOf);
        return new Availability(product.sku(), qty, product.availableNow(), promise);
    }

    private static Promise promiseOf(Batch batch) {
        return new Promise(batch.batchRef(), batch.eta().orElse(null));
    }
}
