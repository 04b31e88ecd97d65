package com.example.allocation.adapters.persistence;

import com.example.allocation.adapters.persistence.ProductRows.BatchRow;
import com.example.allocation.domain.Batch;
import com.example.allocation.domain.HeldStock;
import com.example.allocation.domain.OrderLine;
import com.example.allocation.domain.OrderLines;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import com.example.allocation.servicelayer.ports.ProductRepository;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Products in SQL (book chapter 2). A product is loaded with its batches and held stock ({@link ProductRows}), and
 * with an {@link OrderLines} that queries its lines only as the rules ask ({@link JdbcOrderLines}). Each product handed
 * out or added is tracked, so that one SKU is one object within a unit of work, and so that {@link #save()} writes
 * only what changed, under the version check that makes concurrency optimistic.
 */
final class JdbcProductRepository implements ProductRepository {

    private final Handle handle;
    /** How the product rows are locked before they are read, or null for optimistic reads. */
    private final String lock;
    private final Map<String, Tracked> seen = new LinkedHashMap<>();

    /** @param lock the clause that locks the product rows read until the transaction ends, or null not to lock them */
    JdbcProductRepository(Handle handle, String lock) {
        this.handle = handle;
        this.lock = lock;
    }

    @Override
    public void add(Product product) {
        seen.put(product.sku(), Tracked.added(product));
    }

    @Override
    public Optional<Product> get(String sku) {
        Tracked tracked = seen.get(sku);
        if (tracked != null) {
            return Optional.of(tracked.product());
        }
        return Connectivity.guard(() -> {
            load(List.of(sku));
            return Optional.ofNullable(seen.get(sku)).map(Tracked::product);
        });
    }

    @Override
    public Optional<Product> getByBatchRef(String batchRef) {
        Optional<Product> cached = seen.values().stream().map(Tracked::product)
                .filter(product -> product.batch(batchRef).isPresent()).findFirst();
        if (cached.isPresent()) {
            return cached;
        }
        return Connectivity.guard(() -> ProductRows.skuOfBatch(handle, batchRef)).flatMap(this::get);
    }

    /** Loads the products not yet seen in one go, and then whether each line of theirs is stored, in another. */
    @Override
    public void prefetch(Collection<OrderLine> lines) {
        Connectivity.guard(() -> {
            load(lines.stream().map(OrderLine::sku).filter(sku -> !seen.containsKey(sku)).distinct().toList());
            JdbcOrderLines.prefetch(handle, lines.stream().filter(line -> seen.containsKey(line.sku()) && !seen.get(line.sku()).isNew()).toList(),
                    sku -> seen.get(sku).storedLines());
            return null;
        });
    }

    List<Event> collectNewEvents() {
        return seen.values().stream().flatMap(tracked -> tracked.product().pullEvents().stream()).toList();
    }

    String skus() {
        return String.join(", ", seen.keySet());
    }

    /**
     * Writes every changed product, one JDBC batch per statement: first each product's row, checked against the
     * version it was loaded at (any miss is a {@link ConcurrencyConflict}, before anything else is written), then
     * new and changed batches, then the held stock that was placed, changed or let go, then new, changed and removed
     * lines. Products go in SKU order, so two commits that change the same products lock their rows in the same
     * order and cannot deadlock.
     */
    void save() {
        List<Tracked> changed = seen.values().stream().filter(Tracked::changed)
                .sorted(Comparator.comparing(tracked -> tracked.product().sku())).toList();
        if (changed.isEmpty()) {
            return;
        }
        ProductRows.Writes rows = new ProductRows.Writes(handle);
        for (Tracked tracked : changed) {
            if (tracked.isNew()) {
                rows.insert(tracked.product());
            } else {
                rows.updateIfStillAt(tracked.loadedVersion(), tracked.product());
            }
        }
        rows.writeProducts();
        for (Tracked tracked : changed) {
            for (Batch batch : tracked.product().batchesInCreationOrder()) {
                BatchRow loaded = tracked.loadedBatches().get(batch.batchRef());
                if (loaded == null) {
                    rows.insert(batch);
                } else if (!loaded.equals(BatchRow.of(batch))) {
                    rows.update(batch);
                }
            }
        }
        rows.writeBatches();
        for (Tracked tracked : changed) {
            addHeldStockChanges(tracked, rows);
        }
        rows.writeHeldStock();
        JdbcOrderLines.Writes lines = new JdbcOrderLines.Writes(handle);
        for (Tracked tracked : changed) {
            if (tracked.isNew()) {
                tracked.product().lines().forEach(line -> lines.insert(tracked.product().sku(), line));
            } else {
                tracked.storedLines().addChangesTo(lines);
            }
        }
        lines.execute();
    }

    /**
     * The product's held stock against what was loaded: an insert for each hold it holds stock for anew, an update for
     * each whose stock changed (an extended expiry), a delete for each it let go.
     */
    private static void addHeldStockChanges(Tracked tracked, ProductRows.Writes rows) {
        String sku = tracked.product().sku();
        Map<String, HeldStock> current = byHold(tracked.product().held());
        current.forEach((holdId, stock) -> {
            HeldStock loaded = tracked.loadedHeld().get(holdId);
            if (loaded == null) {
                rows.insert(sku, stock);
            } else if (!loaded.equals(stock)) {
                rows.update(sku, stock);
            }
        });
        tracked.loadedHeld().keySet().stream().filter(holdId -> !current.containsKey(holdId))
                .forEach(holdId -> rows.delete(sku, holdId));
    }

    private static Map<String, HeldStock> byHold(List<HeldStock> held) {
        Map<String, HeldStock> byHold = new LinkedHashMap<>();
        held.forEach(stock -> byHold.put(stock.holdId(), stock));
        return byHold;
    }

    /** Locks the products first, if this unit of work locks what it reads. */
    private void load(List<String> skus) {
        if (lock != null && !skus.isEmpty()) {
            ProductRows.lock(handle, skus, lock);
        }
        ProductRows.read(handle, skus, (product, lines) -> seen.put(product.sku(), Tracked.loaded(product, lines)));
    }

    /**
     * A product this unit of work holds. A new one ({@code isNew}) is inserted at commit with all its batches, held
     * stock and lines. One loaded from the database keeps what its rows held when loaded, so that only what changed
     * is written, and its row only if it still holds the version loaded; and the lines it reads on demand, which keep
     * their own changes.
     */
    private record Tracked(Product product, boolean isNew, long loadedVersion, Map<String, BatchRow> loadedBatches,
            Map<String, HeldStock> loadedHeld, JdbcOrderLines storedLines) {

        /** New in this unit of work: it has nothing stored, and its lines are all in memory. */
        static Tracked added(Product product) {
            return new Tracked(product, true, -1, Map.of(), Map.of(), null);
        }

        /** Just loaded, and not yet changed. */
        static Tracked loaded(Product product, JdbcOrderLines lines) {
            return new Tracked(product, false, product.version(), BatchRow.of(product.batches()), byHold(product.held()), lines);
        }

        boolean changed() {
            return isNew || product.version() != loadedVersion;
        }
    }
}
