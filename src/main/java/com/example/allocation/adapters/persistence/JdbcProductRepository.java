package com.example.allocation.adapters.persistence;

import com.example.allocation.domain.Batch;
import com.example.allocation.domain.OrderLine;
import com.example.allocation.domain.OrderLines;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import com.example.allocation.servicelayer.ports.ProductRepository;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
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
    public Optional<Product> getByBatchRef(String batchRef) {
        Optional<Product> cached = seen.values().stream().map(Tracked::product)
                .filter(product -> product.batch(batchRef).isPresent()).findFirst();
        if (cached.isPresent()) {
            return cached;
        }
        return Connectivity.guard(() -> handle.createQuery("SELECT sku FROM batches WHERE reference = :reference")
                        .bind("reference", batchRef)
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
        loadAll(List.of(sku));
        Tracked tracked = seen.get(sku);
        return tracked == null ? Optional.empty() : Optional.of(tracked.product());
    }

    @Override
    public void prefetch(Collection<OrderLine> lines) {
        Connectivity.guard(() -> {
            loadAll(lines.stream().map(OrderLine::sku).filter(sku -> !seen.containsKey(sku)).distinct().toList());
            findAll(lines.stream().filter(line -> seen.containsKey(line.sku()) && !seen.get(line.sku()).isNew()).toList());
            return null;
        });
    }

    /**
     * Products not yet seen, with their batches: one query per 64 SKUs at most ({@link #LOOKUPS_PER_QUERY}), each
     * SKU its own primary-key lookup (see {@link #findAll}). Padding repeats the last SKU, so a batch may come twice:
     * it is kept once, by its id, which also gives the batches their creation order.
     */
    private void loadAll(List<String> skus) {
        String oneProduct = """
                SELECT p.sku, p.version, p.last_sequence, b.id, b.reference, b.purchased, b.allocated, b.eta
                FROM products p LEFT JOIN batches b ON b.sku = p.sku WHERE p.sku = ?""";
        for (List<String> chunk : chunks(skus)) {
            Map<String, long[]> products = new LinkedHashMap<>();
            Map<String, SortedMap<Long, Batch>> batches = new HashMap<>();
            List<String> lookups = padded(chunk);
            Sql.forEach(handle, joined(oneProduct, lookups.size()),
                    statement -> {
                        for (int i = 0; i < lookups.size(); i++) {
                            statement.setString(i + 1, lookups.get(i));
                        }
                    },
                    row -> {
                        String sku = row.getString(1);
                        products.put(sku, new long[] {row.getLong(2), row.getLong(3)});
                        SortedMap<Long, Batch> ofProduct = batches.computeIfAbsent(sku, key -> new TreeMap<>());
                        if (row.getString(5) != null) {
                            ofProduct.put(row.getLong(4), new Batch(row.getString(5), sku, row.getInt(6),
                                    row.getObject(8, LocalDate.class), row.getInt(7)));
                        }
                    });
            products.forEach((sku, versions) -> {
                if (!chunk.contains(sku)) {
                    throw new IllegalStateException("The database returned another SKU's product for a SKU of " + sku.length()
                            + " UTF-16 units: identifiers must be text it stores exactly");
                }
                track(sku, versions[0], versions[1], new ArrayList<>(batches.get(sku).values()));
            });
        }
    }

    /** Whether each line is stored, for products already loaded: one query per 64 lines at most. */
    private void findAll(List<OrderLine> lines) {
        for (List<OrderLine> chunk : chunks(lines)) {
            Set<List<String>> asked = chunk.stream().map(line -> List.of(line.sku(), line.orderId())).collect(Collectors.toSet());
            // One primary-key lookup per line, as find does, joined: a list of pairs (sku, orderid) IN (...), tried
            // first, was planned as a scan of the whole table (decision 27).
            String oneLine = "SELECT sku, " + JdbcOrderLines.COLUMNS + " FROM order_lines WHERE sku = ? AND orderid = ?";
            List<OrderLine> lookups = padded(chunk);
            Sql.forEach(handle, joined(oneLine, lookups.size()),
                    statement -> {
                        for (int i = 0; i < lookups.size(); i++) {
                            OrderLine line = lookups.get(i);
                            statement.setString(2 * i + 1, line.sku());
                            statement.setString(2 * i + 2, line.orderId());
                        }
                    },
                    row -> {
                        if (!asked.contains(List.of(row.getString(1), row.getString(2)))) {
                            // As JdbcOrderLines.find: another line than the one asked for would be written back as it.
                            throw new IllegalStateException("The database returned a line it was not asked for: "
                                    + "identifiers must be text it stores exactly");
                        }
                        seen.get(row.getString(1)).lines().row(row);
                    });
            for (OrderLine line : chunk) {
                seen.get(line.sku()).lines().absentUnlessStored(line.orderId());
            }
        }
    }

    private void track(String sku, long version, long lastSequence, List<Batch> batches) {
        JdbcOrderLines lines = new JdbcOrderLines(handle, sku);
        Product loaded = new Product(sku, version, batches, lines, lastSequence);
        Map<String, BatchRow> loadedBatches = batches.stream()
                .collect(Collectors.toMap(Batch::batchRef, BatchRow::of, (a, b) -> a, LinkedHashMap::new));
        seen.put(sku, new Tracked(loaded, version, loadedBatches, lines));
    }

    /**
     * How many lookups one query joins: the next of these at or above the number asked for, the last lookup
     * repeated to fill it, so that the database and the driver see a handful of statements rather than one per count.
     */
    private static final int[] LOOKUPS_PER_QUERY = {1, 2, 4, 8, 16, 32, 64};

    /** The values, the last repeated up to the next of {@link #LOOKUPS_PER_QUERY}. */
    private static <T> List<T> padded(List<T> values) {
        for (int size : LOOKUPS_PER_QUERY) {
            if (size >= values.size()) {
                List<T> padded = new ArrayList<>(values);
                padded.addAll(Collections.nCopies(size - values.size(), values.get(values.size() - 1)));
                return padded;
            }
        }
        throw new IllegalArgumentException(values.size() + " lookups for one query");
    }

    /** {@code count} copies of one lookup, joined into one query. */
    private static String joined(String lookup, int count) {
        return String.join(" UNION ALL ", Collections.nCopies(count, lookup));
    }

    private static <T> List<List<T>> chunks(List<T> values) {
        int most = LOOKUPS_PER_QUERY[LOOKUPS_PER_QUERY.length - 1];
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += most) {
            chunks.add(values.subList(from, Math.min(values.size(), from + most)));
        }
        return chunks;
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
        Sql.Batched inserts = new Sql.Batched(handle, "INSERT INTO products (sku, version, last_sequence) VALUES (?, ?, ?)");
        Sql.Batched versionChecked = new Sql.Batched(handle,
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
        Sql.Batched inserts = new Sql.Batched(handle, "INSERT INTO batches (reference, sku, purchased, allocated, eta) VALUES (?, ?, ?, ?, ?)");
        Sql.Batched updates = new Sql.Batched(handle, "UPDATE batches SET purchased = ?, allocated = ? WHERE reference = ?");
        for (Tracked tracked : changed) {
            for (Batch batch : tracked.product().batches()) {
                BatchRow before = tracked.loadedBatches().get(batch.batchRef());
                if (before == null) {
                    inserts.add(statement -> {
                        statement.setString(1, batch.batchRef());
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
                        statement.setString(3, batch.batchRef());
                    });
                }
            }
        }
        inserts.execute();
        updates.execute();
    }
}
