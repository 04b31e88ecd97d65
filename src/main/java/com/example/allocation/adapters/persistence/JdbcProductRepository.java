package com.example.allocation.adapters.persistence;

import com.example.allocation.domain.Batch;
import com.example.allocation.domain.OrderLines;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.ConcurrencyConflict;
import com.example.allocation.servicelayer.ProductRepository;
import java.time.LocalDate;
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
        return load(sku);
    }

    @Override
    public Optional<Product> getByBatchReference(String batchReference) {
        Optional<Product> cached = seen.values().stream().map(Tracked::product)
                .filter(product -> product.batch(batchReference).isPresent()).findFirst();
        if (cached.isPresent()) {
            return cached;
        }
        return handle.createQuery("SELECT sku FROM batches WHERE reference = :reference")
                .bind("reference", batchReference)
                .mapTo(String.class)
                .findOne()
                .flatMap(this::get);
    }

    List<Event> collectNewEvents() {
        return seen.values().stream().flatMap(tracked -> tracked.product().pullEvents().stream()).toList();
    }

    String skus() {
        return String.join(", ", seen.keySet());
    }

    private Optional<Product> load(String sku) {
        Optional<long[]> row = handle.createQuery("SELECT version, last_sequence FROM products WHERE sku = :sku")
                .bind("sku", sku)
                .map((rs, ctx) -> new long[] {rs.getLong("version"), rs.getLong("last_sequence")})
                .findOne();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        List<Batch> batches = handle.createQuery(
                        "SELECT reference, purchased, allocated, eta FROM batches WHERE sku = :sku ORDER BY id")
                .bind("sku", sku)
                .map((rs, ctx) -> new Batch(rs.getString("reference"), sku, rs.getInt("purchased"),
                        rs.getObject("eta", LocalDate.class), rs.getInt("allocated")))
                .list();
        JdbcOrderLines lines = new JdbcOrderLines(handle, sku);
        long version = row.get()[0];
        Product product = new Product(sku, version, batches, lines, row.get()[1]);
        Map<String, BatchRow> loadedBatches = batches.stream()
                .collect(Collectors.toMap(Batch::reference, BatchRow::of, (a, b) -> a, LinkedHashMap::new));
        seen.put(sku, new Tracked(product, version, loadedBatches, lines));
        return Optional.of(product);
    }

    /** Writes every changed product: its row (version-checked), changed batches, changed lines. */
    void save() {
        for (Tracked tracked : seen.values()) {
            Product product = tracked.product();
            if (product.version() == tracked.loadedVersion()) {
                continue;
            }
            if (tracked.isNew()) {
                handle.createUpdate("INSERT INTO products (sku, version, last_sequence) VALUES (:sku, :version, :last)")
                        .bind("sku", product.sku()).bind("version", product.version()).bind("last", product.lastSequence())
                        .execute();
            } else {
                int updated = handle.createUpdate("""
                                UPDATE products SET version = :version, last_sequence = :last
                                WHERE sku = :sku AND version = :loadedVersion""")
                        .bind("sku", product.sku()).bind("version", product.version()).bind("last", product.lastSequence())
                        .bind("loadedVersion", tracked.loadedVersion())
                        .execute();
                if (updated == 0) {
                    throw new ConcurrencyConflict(product.sku());
                }
            }
            saveBatches(product, tracked.loadedBatches());
            if (tracked.isNew()) {
                product.lines().forEach(line -> JdbcOrderLines.insert(handle, product.sku(), line));
            } else {
                tracked.lines().flush();
            }
        }
    }

    private void saveBatches(Product product, Map<String, BatchRow> loaded) {
        for (Batch batch : product.batches()) {
            BatchRow before = loaded.get(batch.reference());
            if (before == null) {
                handle.createUpdate("""
                                INSERT INTO batches (reference, sku, purchased, allocated, eta)
                                VALUES (:reference, :sku, :purchased, :allocated, :eta)""")
                        .bind("reference", batch.reference()).bind("sku", batch.sku())
                        .bind("purchased", batch.purchasedQuantity()).bind("allocated", batch.allocatedQuantity())
                        .bindByType("eta", batch.eta().orElse(null), LocalDate.class)
                        .execute();
            } else if (!before.equals(BatchRow.of(batch))) {
                handle.createUpdate("UPDATE batches SET purchased = :purchased, allocated = :allocated WHERE reference = :reference")
                        .bind("reference", batch.reference())
                        .bind("purchased", batch.purchasedQuantity()).bind("allocated", batch.allocatedQuantity())
                        .execute();
            }
        }
    }
}
