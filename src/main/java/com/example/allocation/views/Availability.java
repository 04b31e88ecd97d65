package com.example.allocation.views;

import com.example.allocation.domain.Batch;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.UnknownHold;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What the service can promise a line of {@code qty} now ({@code GET /products/{sku}/availability}): the units free
 * in the warehouse, and the batch such a line would be allocated to if it were placed now — decided by the product
 * itself, by the rule and the code that allocation uses — or none, when it would be backordered. Answering reads
 * the product and writes nothing: its version stays, and no lock is taken. Asked for the holder of a hold, it counts
 * what that hold holds as free: the stock the holder would get on confirming.
 */
public record Availability(String sku, int qty, long availableNow, Optional<Promise> promise) {

    /** The batch a line would go to, and when it is expected: null for stock in the warehouse now. */
    public record Promise(String batchref, LocalDate eta) {
    }

    /**
     * The answer at {@code now} for a product, or empty if there is no such product; {@code uow} is closed by its
     * owner, uncommitted. Holds expired by {@code now} are let go first, so their stock counts as free, exactly as
     * the next command would find it.
     *
     * @param holdId the hold whose holder asks, or null for anyone
     * @throws UnknownHold if {@code holdId} names no hold
     */
    public static Optional<Availability> of(UnitOfWork uow, String sku, int qty, Instant now, String holdId) {
        Optional<Product> product = uow.products().get(sku);
        if (product.isPresent() && holdId != null && uow.holds().get(holdId).isEmpty()) {
            throw new UnknownHold(holdId);
        }
        return product.map(found -> of(found, qty, now, holdId));
    }

    private static Availability of(Product product, int qty, Instant now, String holdId) {
        product.expireHolds(now);
        Optional<Batch> batch = holdId == null ? product.promise(qty) : product.promiseToHolder(qty, holdId);
        long availableNow = holdId == null ? product.availableNow() : product.availableNowToHolder(holdId);
        return new Availability(product.sku(), qty, availableNow, batch.map(Availability::promiseOf));
    }

    private static Promise promiseOf(Batch batch) {
        return new Promise(batch.batchRef(), batch.eta().orElse(null));
    }
}
