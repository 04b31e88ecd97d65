package com.example.allocation.views;

import com.example.allocation.domain.Batch;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.refusals.UnknownHold;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What the service can promise a line of {@code qty} now ({@code GET /products/{sku}/availability}): the units free
 * in the warehouse, and the batch such a line would be allocated to if it were placed now — decided by the product
 * itself, by the rule and the code that allocation uses — or none, when it would be backordered. Stock held for a
 * checkout hold is not free, but to its holder. Answering reads the product and writes nothing: its version stays, and
 * no lock is taken.
 */
public record Availability(String sku, int qty, long availableNow, Optional<Promise> promise) {

    /** The batch a line would go to, and when it is expected: null for stock in the warehouse now. */
    public record Promise(String batchref, LocalDate eta) {
    }

    /**
     * The answer for a product, or empty if there is no such product; {@code uow} is closed by its owner, uncommitted.
     * The product first lets go of holds expired by {@code now}, in memory only, as the next change to it would: the
     * answer is what that change would see.
     *
     * @param holdId the hold whose own stock counts as free, or null for anyone
     * @throws UnknownHold if the product exists and there is no such hold
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
        return new Availability(product.sku(), qty, product.availableNowToHolder(holdId), batch.map(Availability::promiseOf));
    }

    private static Promise promiseOf(Batch batch) {
        return new Promise(batch.batchRef(), batch.eta().orElse(null));
    }
}
