package com.example.allocation.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A product's stock: its batches in order of preference (rule 3), and what is held on them for checkout holds — what
 * is free where, and which batch a line would go to. Its {@link Product} decides what happens to the stock; this only
 * keeps the batches and the held stock in step with each other. Package-private: only the product uses it.
 */
final class Stock {

    private final List<Batch> batches;
    private final Map<String, HeldStock> held = new LinkedHashMap<>();

    /** The stock as stored: batches oldest first, since creation order breaks ties in preference. */
    Stock(String sku, Collection<Batch> batchesInCreationOrder, Collection<HeldStock> heldStock) {
        batches = new ArrayList<>(batchesInCreationOrder);
        for (int i = 0; i < batches.size(); i++) {
            batches.get(i).createdAs(i);
        }
        batches.sort(Batch.PREFERENCE);
        for (HeldStock stock : heldStock) {
            held.put(stock.holdId(), stock);
            batch(stock.batchRef()).orElseThrow(() -> new IllegalArgumentException("held on no batch of " + sku + ": " + stock))
                    .hold(stock.qty());
        }
    }

    List<Batch> inPreference() {
        return List.copyOf(batches);
    }

    List<Batch> inCreationOrder() {
        return batches.stream().sorted(Comparator.comparingInt(Batch::creationOrder)).toList();
    }

    Optional<Batch> batch(String batchRef) {
        return batches.stream().filter(batch -> batch.batchRef().equals(batchRef)).findFirst();
    }

    /** Adds a new batch in its place by preference; it is the newest, so it loses every tie. */
    void add(Batch batch) {
        batch.createdAs(batches.size());
        int position = 0;
        while (position < batches.size() && Batch.PREFERENCE.compare(batches.get(position), batch) <= 0) {
            position++;
        }
        batches.add(position, batch);
    }

    /**
     * The most preferred batch with room for a whole line of {@code qty} (rules 2 and 3), for the holder of
     * {@code holdId} (null: anyone), whose own held stock counts as room.
     */
    Optional<Batch> preferredFor(int qty, String holdId) {
        return batches.stream().filter(batch -> roomFor(batch, holdId) >= qty).findFirst();
    }

    /** Free units in warehouse batches (no ETA) for the holder of {@code holdId} (null: anyone): a {@code long}, since it sums. */
    long availableNow(String holdId) {
        return batches.stream().filter(batch -> batch.eta().isEmpty()).mapToLong(batch -> roomFor(batch, holdId)).sum();
    }

    /** The largest line any one batch has room for. */
    int largestLine() {
        return batches.stream().mapToInt(Batch::availableQuantity).max().orElse(0);
    }

    int roomFor(Batch batch, String holdId) {
        HeldStock own = holdId == null ? null : held.get(holdId);
        return batch.availableQuantity() + (own != null && own.batchRef().equals(batch.batchRef()) ? own.qty() : 0);
    }

    List<HeldStock> held() {
        return List.copyOf(held.values());
    }

    Optional<HeldStock> heldFor(String holdId) {
        return Optional.ofNullable(held.get(holdId));
    }

    List<HeldStock> expiredBy(Instant now) {
        return held.values().stream().filter(stock -> !stock.isHeldAt(now)).toList();
    }

    /** The stock most recently held on the batch: the first to go when it shrinks (rule 16). */
    Optional<HeldStock> newestHeldOn(String batchRef) {
        return held.values().stream().filter(stock -> stock.batchRef().equals(batchRef)).max(Comparator.comparingLong(HeldStock::sequence));
    }

    void hold(HeldStock stock) {
        batch(stock.batchRef()).orElseThrow().hold(stock.qty());
        held.put(stock.holdId(), stock);
    }

    /** The same stock, held until another time. */
    void rehold(HeldStock stock) {
        held.put(stock.holdId(), stock);
    }

    void letGo(HeldStock stock) {
        held.remove(stock.holdId());
        batch(stock.batchRef()).orElseThrow().unhold(stock.qty());
    }
}
