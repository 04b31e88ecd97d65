package com.example.allocation.domain;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Stock bought in one go (entity, identified by its reference): either in the warehouse (no ETA) or on
 * its way (with an ETA). It keeps a running total of what is allocated to it rather than the lines
 * themselves, so checking whether it can take a line costs the same however many lines it holds.
 *
 * <p>Only its {@link Product} changes a batch: the mutators are package-private.
 */
public final class Batch {

    /** Warehouse stock first, then the earliest ETA, then the batch created first (rule 3). */
    static final Comparator<Batch> PREFERENCE =
            Comparator.comparing((Batch batch) -> batch.eta, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparingInt(Batch::creationOrder);

    private final String batchRef;
    private final String sku;
    private final LocalDate eta;
    private int purchasedQuantity;
    private int allocatedQuantity;
    /** Set aside for checkout holds, which its product keeps ({@link HeldStock}); never stored on its own. */
    private int heldQuantity;
    /** Its place among its product's batches by when each was created, which its product gives it. */
    private int creationOrder;

    /** A batch as stored: repositories rebuild batches with what was allocated to them. */
    public Batch(String batchRef, String sku, int purchasedQuantity, LocalDate eta, int allocatedQuantity) {
        this.batchRef = Require.identifier("ref", batchRef);
        this.sku = Require.identifier("sku", sku);
        this.purchasedQuantity = Require.atLeast("qty", purchasedQuantity, 0);
        this.eta = eta;
        this.allocatedQuantity = Require.atLeast("allocated", allocatedQuantity, 0);
    }

    public String batchRef() {
        return batchRef;
    }

    public String sku() {
        return sku;
    }

    /** When the batch arrives; empty for stock already in the warehouse. */
    public Optional<LocalDate> eta() {
        return Optional.ofNullable(eta);
    }

    public int purchasedQuantity() {
        return purchasedQuantity;
    }

    public int allocatedQuantity() {
        return allocatedQuantity;
    }

    /** Held for checkout holds that have not expired when its product last settled them (rule 15). */
    public int heldQuantity() {
        return heldQuantity;
    }

    /** Purchased less allocated and held. Never negative once a command has finished (rule 4). */
    public int availableQuantity() {
        return purchasedQuantity - allocatedQuantity - heldQuantity;
    }

    void createdAs(int order) {
        creationOrder = order;
    }

    int creationOrder() {
        return creationOrder;
    }

    void allocate(int qty) {
        allocatedQuantity += qty;
    }

    void release(int qty) {
        allocatedQuantity -= qty;
    }

    void hold(int qty) {
        heldQuantity += qty;
    }

    void unhold(int qty) {
        heldQuantity -= qty;
    }

    void changePurchasedQuantity(int qty) {
        purchasedQuantity = qty;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Batch batch && batchRef.equals(batch.batchRef);
    }

    @Override
    public int hashCode() {
        return Objects.hash(batchRef);
    }

    @Override
    public String toString() {
        return "Batch[" + batchRef + ", " + sku + ", " + allocatedQuantity + (heldQuantity > 0 ? " + " + heldQuantity + " held" : "")
                + "/" + purchasedQuantity
                + (eta == null ? ", warehouse]" : ", eta " + eta + "]");
    }
}
