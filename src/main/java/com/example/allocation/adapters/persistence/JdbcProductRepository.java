package com.example.allocation.adapters.persistence;

import com.example.allocation.domain.Batch;
import com.example.allocation.domain.OrderLines;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.ConcurrencyConflict;
import com.example.allocation.servicelayer.ProductRepository;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Products in SQL. A product is loaded with its batches, and with an {@link OrderLines} that queries its
 * lines only as the rules ask; what it loaded is remembered, so that {@link #save()} writes only what
 * changed, under the version check that makes concurrency optimistic.
 */
final class JdbcProductRepository implements ProductRepository {

    /** The state a product was loaded in; a new product has none. */
    private record Tracked(Product product, long loadedVersion, Map<String, BatchRow> loadedBatches, JdbcOrderLines lines) {

        boolean isNew() {
            return lines == null;
        }
    }

    private record BatchRow(int purchased, int allocated) {

        static BatchRow of(Batch batch) {
            return new BatchRow(batch.purchasedQuantity(), batch.allocatedQuantity());
        }
    }

    private final Handle handle;
    private final Map<String, Tracked> seen = new LinkedHashMap<>();

    JdbcProductRepository(Handle handle) {
        this.handle = handle;
    }

    @Override
    public void add(Product product) {
        seen.put(product.sku(), new Tracked(product, -1, Map.of(), null));
    }

    @Override
    public Optional<Product> get(String sku) {
        Tracked tracked = seen.get(sku);
        if (tracked != null) {
            return Optional.of(tracked.product());
        }
        return Connectivity.guard(() -> load(sku));
    }

    @Override
    public Optional<Product> getByBatchReference(String batchReference) {
        Optional<Product> cached = seen.values().stream().map(Tracked::product)
                .filter(product -> product.batch(batchReference).isPresent()).findFirst();
        if (cached.isPresent()) {
            return cached;
        }
        return Connectivity.guard(() -> handle.createQuery("SELECT sku FROM batches WHERE reference = :reference")
                        .bind("reference", batchReference)
                        .mapTo(String.class)
                        .findOne())
                .flatMap(this::get);
    }

    List<Event> collectNewEvents() {
        return seen.values().stream().flatMap(tracked -> tracked.product().pullEvents().stream()).toList();
    }

    String skus() {
        return String.join(", ", seen.keySet());
    }

    /** The product row and its batches, in one query. */
    private Optional<Product> load(String sku) {
        long[] product = new long[2];
        List<Batch> batches = new ArrayList<>();
        boolean found = Sql.forEach(handle, """
                        SELECT p.version, p.last_sequence, b.reference, b.purchased, b.allocated, b.eta
                        FROM products p LEFT JOIN batches b ON b.sku = p.sku
                        WHERE p.sku = ? ORDER BY b.id""",
                statement -> statement.setString(1, sku),
                row -> {
                    product[0] = row.getLong(1);
                    product[1] = row.getLong(2);
                    if (row.getString(3) != null) {
                        batches.add(new Batch(row.getString(3), sku, row.getInt(4), row.getObject(6, LocalDate.class), row.getInt(5)));
                    }
                    return null;
                }) > 0;
        if (!found) {
            return Optional.empty();
        }
        JdbcOrderLines lines = new JdbcOrderLines(handle, sku);
        Product loaded = new Product(sku, product[0], batches, lines, product[1]);
        Map<String, BatchRow> loadedBatches = batches.stream()
                .collect(Collectors.toMap(Batch::reference, BatchRow::of, (a, b) -> a, LinkedHashMap::new));
        seen.put(sku, new Tracked(loaded, product[0], loadedBatches, lines));
        return Optional.of(loaded);
    }

    /**
     * Writes every changed product, one batch per statement: first each product's row, checked against the
     * version it was loaded at (any miss is a {@link ConcurrencyConflict}, before anything else is written),
     * then new and changed batches, then new, changed and removed lines.
     */
    void save() {
        List<Tracked> changed = seen.values().stream()
                .filter(tracked -> tracked.product().version() != tracked.loadedVersion()).toList();
        if (changed.isEmpty()) {
            return;
        }
        Sql.Batch inserts = new Sql.Batch(handle, "INSERT INTO products (sku, version, last_sequence) VALUES (?, ?, ?)");
        Sql.Batch versionChecked = new Sql.Batch(handle,
                "UPDATE products SET version = ?, last_sequence = ? WHERE sku = ? AND version = ?");
        List<String> checkedSkus = new ArrayList<>();
        for (Tracked tracked : changed) {
            Product product = tracked.product();
            if (tracked.isNew()) {
                inserts.add(statement -> {
                    statement.setString(1, product.sku());
                    statement.setLong(2, product.version());
                    statement.setLong(3, product.lastSequence());
                });
            } else {
                versionChecked.add(statement -> {
                    statement.setLong(1, product.version());
                    statement.setLong(2, product.lastSequence());
                    statement.setString(3, product.sku());
                    statement.setLong(4, tracked.loadedVersion());
                });
                checkedSkus.add(product.sku());
            }
        }
        inserts.execute();
        int[] updated = versionChecked.execute();
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                throw new ConcurrencyConflict(checkedSkus.get(i));
            }
        }
        saveBatches(changed);
        JdbcOrderLines.Writes lines = new JdbcOrderLines.Writes(handle);
        for (Tracked tracked : changed) {
            if (tracked.isNew()) {
                tracked.product().lines().forEach(line -> lines.insert(tracked.product().sku(), line));
            } else {
                tracked.lines().flushInto(lines);
            }
        }
        lines.execute();
    }

    private void saveBatches(List<Tracked> changed) {
        Sql.Batch inserts = new Sql.Batch(handle, "INSERT INTO batches (reference, sku, purchased, allocated, eta) VALUES (?, ?, ?, ?, ?)");
        Sql.Batch updates = new Sql.Batch(handle, "UPDATE batches SET purchased = ?, allocated = ? WHERE reference = ?");
        for (Tracked tracked : changed) {
            for (Batch batch : tracked.product().batches()) {
                BatchRow before = tracked.loadedBatches().get(batch.reference());
                if (before == null) {
                    inserts.add(statement -> {
                        statement.setString(1, batch.reference());
                        statement.setString(2, batch.sku());
                        statement.setInt(3, batch.purchasedQuantity());
                        statement.setInt(4, batch.allocatedQuantity());
                        if (batch.eta().isPresent()) {
                            statement.setObject(5, batch.eta().get());
                        } else {
                            statement.setNull(5, Types.DATE);
                        }
                    });
                } else if (!before.equals(BatchRow.of(batch))) {
                    updates.add(statement -> {
                        statement.setInt(1, batch.purchasedQuantity());
                        statement.setInt(2, batch.allocatedQuantity());
                        statement.setString(3, batch.reference());
                    });
                }
            }
        }
        inserts.execute();
        updates.execute();
    }
}
