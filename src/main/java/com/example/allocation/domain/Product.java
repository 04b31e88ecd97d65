package com.example.allocation.domain;

import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.Backordered;
import com.example.allocation.domain.events.BatchCreated;
import com.example.allocation.domain.events.BatchQuantityChanged;
import com.example.allocation.domain.events.Deallocated;
import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.events.HoldPlaced;
import com.example.allocation.domain.events.HoldReleased;
import com.example.allocation.domain.events.LineCancelled;
import com.example.allocation.domain.events.OutOfStock;
import com.example.allocation.domain.refusals.DuplicateBatch;
import com.example.allocation.domain.refusals.InvalidInput;
import com.example.allocation.domain.refusals.LineConflict;
import com.example.allocation.domain.refusals.UnknownBatch;
import com.example.allocation.domain.refusals.UnknownLine;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The aggregate root for one SKU (book chapter 7): every batch and every order line of the SKU, and the
 * rules that keep them consistent. All changes to stock or allocation go through a product, and each
 * change bumps its {@link #version()}, which repositories check to detect a concurrent change
 * (optimistic concurrency).
 *
 * <p>Everything a change implies for the product itself happens inside that change, atomically: a line
 * taken out of a shrinking batch is reallocated or backordered at once, and freed stock goes to waiting
 * lines at once. Nothing is left half-done for a later transaction that a crash could lose.
 *
 * <p>Stock held for checkout {@link Hold}s ({@link HeldStock}) is inside the boundary too: allocation never takes
 * it. It sets stock aside until its expiry; every change is given the time ({@code now}) and first lets go of what
 * has expired by then, so no change ever sees expired stock as taken (rule 15).
 *
 * <p>"Rule N" in this package's comments is rule N of the domain rules in docs/spec.md §2.
 */
public final class Product {

    private final String sku;
    private final Stock stock;
    private final OrderLines lines;
    private long version;
    private long lastSequence;
    private final List<Event> events = new ArrayList<>();

    /** A new product, with no batches yet. */
    public Product(String sku) {
        this(sku, 0, List.of(), new InMemoryOrderLines(), List.of(), 0);
    }

    /**
     * A product as stored.
     *
     * @param batchesInCreationOrder its batches, oldest first: creation order breaks ties in preference
     * @param held the stock held for holds on its batches
     * @param lastSequence the highest sequence given out so far, to a line or to held stock
     */
    public Product(String sku, long version, Collection<Batch> batchesInCreationOrder, OrderLines lines,
            Collection<HeldStock> held, long lastSequence) {
        this.sku = Require.identifier("sku", sku);
        this.version = version;
        this.stock = new Stock(this.sku, batchesInCreationOrder, held);
        this.lines = Objects.requireNonNull(lines, "lines");
        this.lastSequence = lastSequence;
    }

    public String sku() {
        return sku;
    }

    public long version() {
        return version;
    }

    public long lastSequence() {
        return lastSequence;
    }

    /** The batches in order of preference: warehouse stock, then earliest ETA, then oldest. */
    public List<Batch> batches() {
        return stock.inPreference();
    }

    /** The batches in the order they were created: how a repository stores them, so that they come back in it. */
    public List<Batch> batchesInCreationOrder() {
        return stock.inCreationOrder();
    }

    public Optional<Batch> batch(String batchRef) {
        return stock.batch(batchRef);
    }

    /** The accepted line of this order, allocated or backordered. */
    public Optional<AcceptedLine> line(String orderId) {
        return lines.find(orderId);
    }

    /** The stock held for holds, expired or not, as stored. */
    public List<HeldStock> held() {
        return stock.held();
    }

    /** What the hold holds of this product, if anything. */
    public Optional<HeldStock> heldFor(String holdId) {
        return stock.heldFor(holdId);
    }

    /** Every accepted line. Reads them all: for tests and tools, not for commands. */
    public List<AcceptedLine> lines() {
        return lines.all();
    }

    /** Adds a batch (rule 9) and lets waiting lines take its stock (rule 6). */
    public void addBatch(String batchRef, int qty, LocalDate eta, Instant now) {
        Require.atLeast("qty", qty, 1);
        if (batch(batchRef).isPresent()) {
            throw new DuplicateBatch(batchRef);
        }
        expireHolds(now);
        stock.add(new Batch(batchRef, sku, qty, eta, 0));
        version++;
        events.add(new BatchCreated(batchRef, sku, qty, eta));
        fillBackorders();
    }

    /**
     * Allocates the line to the preferred batch that can take it whole (rules 2 and 3), or backorders it
     * (rule 6). A line this product already has is not allocated twice: the same quantity again changes
     * nothing, another quantity is a {@link LineConflict} (rule 5).
     */
    public void allocate(OrderLine line, Instant now) {
        if (!line.sku().equals(sku)) {
            throw new InvalidInput("Order line for " + line.sku() + " cannot be allocated to product " + sku);
        }
        Optional<AcceptedLine> existing = lines.find(line.orderId());
        if (existing.isPresent()) {
            if (existing.get().qty() != line.qty()) {
                throw new LineConflict(existing.get().line(), line.qty());
            }
            return;
        }
        expireHolds(now);
        version++;
        place(line);
    }

    /**
     * Sets the batch's purchased quantity. If it now holds more than it has, the holds on it are given up, newest
     * first (rule 16), then its most recently allocated lines leave it, until it does; each line that leaves is
     * reallocated or backordered (rule 7). Then waiting lines take whatever stock is free (rule 6): new stock if it
     * grew, and, if it shrank, what the holds and lines that left freed beyond the shortfall.
     *
     * @return the holds given up, whose stock on other products must be freed too ({@link Hold#lose})
     */
    public Set<String> changeBatchQuantity(String batchRef, int qty, Instant now) {
        Require.atLeast("qty", qty, 0);
        Batch batch = batch(batchRef).orElseThrow(() -> new UnknownBatch(batchRef));
        expireHolds(now);
        if (batch.purchasedQuantity() == qty) {
            return Set.of();
        }
        version++;
        batch.changePurchasedQuantity(qty);
        events.add(new BatchQuantityChanged(batchRef, sku, qty));
        Set<String> lost = new LinkedHashSet<>();
        while (batch.availableQuantity() < 0 && batch.heldQuantity() > 0) {
            HeldStock newest = stock.newestHeldOn(batchRef).orElseThrow();
            letGo(newest, Hold.Status.LOST);
            lost.add(newest.holdId());
        }
        List<AcceptedLine> moved = new ArrayList<>();
        while (batch.availableQuantity() < 0) {
            AcceptedLine newest = lines.newestAllocatedTo(batchRef).orElseThrow(() -> new IllegalStateException(
                    "batch " + batchRef + " is over-allocated but holds no line"));
            batch.release(newest.qty());
            lines.remove(newest.orderId());
            events.add(new Deallocated(newest.orderId(), sku, newest.qty(), batchRef));
            moved.add(newest);
        }
        moved.sort(Comparator.comparingLong(AcceptedLine::sequence));
        moved.forEach(line -> place(line.line()));
        fillBackorders();
        return lost;
    }

    /** Cancels the order's line (rule 8): it is removed, not reallocated, and its stock goes to waiting lines. */
    public void deallocate(String orderId, Instant now) {
        AcceptedLine line = lines.find(orderId).orElseThrow(() -> new UnknownLine(orderId, sku));
        expireHolds(now);
        version++;
        lines.remove(orderId);
        line.batch().flatMap(this::batch).ifPresent(batch -> batch.release(line.qty()));
        events.add(new LineCancelled(orderId, sku, line.qty(), line.batchRef()));
        if (line.isAllocated()) {
            fillBackorders();
        }
    }

    /**
     * The batch a line of {@code qty} would be allocated to if it were placed now — by the rule {@link #allocate}
     * follows, in the same code — or empty if it would be backordered. Changes nothing; expired holds count as held
     * until {@link #expireHolds} has let them go.
     */
    public Optional<Batch> promise(int qty) {
        return promiseToHolder(qty, null);
    }

    /** The same, for the holder of {@code holdId} (null: anyone): what that hold holds here counts as free. */
    public Optional<Batch> promiseToHolder(int qty, String holdId) {
        Require.atLeast("qty", qty, 1);
        return stock.preferredFor(qty, holdId);
    }

    /**
     * The units free now in the warehouse: in batches with no ETA, less what is allocated and held from them. A sum of
     * batches that may each hold up to {@link Integer#MAX_VALUE}, so a {@code long}.
     */
    public long availableNow() {
        return availableNowToHolder(null);
    }

    /** The same, for the holder of {@code holdId} (null: nobody): what that hold holds here counts as free. */
    public long availableNowToHolder(String holdId) {
        return stock.availableNow(holdId);
    }

    /**
     * Lets go of the stock of every hold that has expired by {@code now} (rule 15), and lets waiting lines take it
     * (rule 6). Every change does this first; the sweeper asks it of the products of each expired hold.
     */
    public void expireHolds(Instant now) {
        List<HeldStock> expired = stock.expiredBy(now);
        if (expired.isEmpty()) {
            return;
        }
        version++;
        expired.forEach(held -> letGo(held, Hold.Status.EXPIRED));
        fillBackorders();
    }

    /** The largest line of this SKU any one batch could take now: what a hold that falls short is told it could have. */
    int largestLine() {
        return stock.largestLine();
    }

    /** Free room on the batch for the holder of {@code holdId}: its own held stock there counts as free. */
    int roomFor(String batchRef, String holdId) {
        return stock.roomFor(batch(batchRef).orElseThrow(() -> new IllegalStateException("no batch " + batchRef + " in " + sku)), holdId);
    }

    /** Holds {@code qty} for the hold on the batch a line of that quantity would go to; {@link Hold} checked it can. */
    Batch hold(String holdId, int qty, Instant expiresAt) {
        Batch batch = preferredBatchFor(qty).orElseThrow(() -> new IllegalStateException("no batch of " + sku + " can hold " + qty));
        version++;
        stock.hold(new HeldStock(holdId, qty, batch.batchRef(), expiresAt, ++lastSequence));
        events.add(new HoldPlaced(holdId, sku, qty, batch.batchRef(), expiresAt));
        return batch;
    }

    void extendHold(String holdId, Instant expiresAt) {
        HeldStock held = heldFor(holdId).orElseThrow(() -> new IllegalStateException(sku + " holds nothing for " + holdId));
        version++;
        stock.rehold(held.until(expiresAt));
    }

    /** Frees what the hold holds here, if anything, and lets waiting lines take it. */
    void releaseHold(String holdId, Hold.Status reason, Instant now) {
        expireHolds(now);
        Optional<HeldStock> held = heldFor(holdId);
        if (held.isPresent()) {
            version++;
            letGo(held.get(), reason);
            fillBackorders();
        }
    }

    /** Turns the hold's stock here, or stock as free on the same batch ({@link Hold} checked it is), into the line. */
    void confirmHold(String holdId, OrderLine line, String batchRef) {
        version++;
        heldFor(holdId).ifPresent(held -> letGo(held, Hold.Status.CONFIRMED));
        allocateTo(line, batch(batchRef).orElseThrow());
    }

    private void letGo(HeldStock held, Hold.Status reason) {
        stock.letGo(held);
        events.add(new HoldReleased(held.holdId(), sku, held.qty(), held.batchRef(), reason.toString()));
    }

    /** Hands over the events raised since the last call, oldest first. */
    public List<Event> pullEvents() {
        List<Event> raised = List.copyOf(events);
        events.clear();
        return raised;
    }

    /** The most preferred batch that can take {@code qty} whole (rules 2 and 3). */
    private Optional<Batch> preferredBatchFor(int qty) {
        return stock.preferredFor(qty, null);
    }

    private void place(OrderLine line) {
        Optional<Batch> preferred = preferredBatchFor(line.qty());
        if (preferred.isPresent()) {
            allocateTo(line, preferred.get());
        } else {
            lines.put(AcceptedLine.backordered(line, ++lastSequence));
            events.add(new Backordered(line.orderId(), sku, line.qty()));
            events.add(new OutOfStock(sku));
        }
    }

    private void allocateTo(OrderLine line, Batch batch) {
        batch.allocate(line.qty());
        lines.put(AcceptedLine.allocated(line, batch.batchRef(), ++lastSequence));
        events.add(new Allocated(line.orderId(), sku, line.qty(), batch.batchRef()));
    }

    /**
     * Allocates waiting lines, oldest first, while any fits. A line that does not fit does not hold up
     * younger, smaller ones: afterwards, no backordered line could be allocated to any batch.
     */
    private void fillBackorders() {
        while (true) {
            int room = stock.largestLine();
            if (room <= 0) {
                return;
            }
            Optional<AcceptedLine> next = lines.oldestBackorderedOfAtMost(room);
            if (next.isEmpty()) {
                return;
            }
            OrderLine line = next.get().line();
            allocateTo(line, preferredBatchFor(line.qty()).orElseThrow());
        }
    }

    @Override
    public String toString() {
        return "Product[" + sku + ", version " + version + ", " + stock.inPreference() + "]";
    }
}
