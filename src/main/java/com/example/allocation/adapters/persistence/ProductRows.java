package com.example.allocation.adapters.persistence;

import com.example.allocation.domain.Batch;
import com.example.allocation.domain.Product;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The mapping between the {@code products} and {@code batches} tables and the domain's {@link Product}s and
 * {@link Batch}es, written out by hand (the domain knows nothing of tables): the query that reads products with
 * their batches, and the statements that write them back. A product's lines are {@link JdbcOrderLines}' business.
 */
final class ProductRows {

    /** A product's own row: the version a commit checks, and the last sequence given to one of its lines. */
    private record ProductRow(long version, long lastSequence) {
    }

    /** What a batch's row holds that its product can change: a commit updates the row if this differs. */
    record BatchRow(int purchased, int allocated) {

        static BatchRow of(Batch batch) {
            return new BatchRow(batch.purchasedQuantity(), batch.allocatedQuantity());
        }

        /** The rows of the batches, by reference. */
        static Map<String, BatchRow> of(Collection<Batch> batches) {
            return batches.stream().collect(Collectors.toMap(Batch::batchRef, BatchRow::of, (a, b) -> a, LinkedHashMap::new));
        }
    }

    private static final String PRODUCT_WITH_BATCHES = """
            SELECT p.sku, p.version, p.last_sequence, b.id, b.reference, b.purchased, b.allocated, b.eta
            FROM products p LEFT JOIN batches b ON b.sku = p.sku WHERE p.sku = ?""";

    private ProductRows() {
    }

    /**
     * The products of these SKUs that are stored, each with its batches and handed to {@code each} with the
     * lines it reads on demand: one query per 64 SKUs at most, each SKU its own primary-key lookup
     * ({@link Sql#forEachLookedUp}). A batch that comes twice is kept once, by its id, which also gives the
     * batches their creation order.
     */
    static void read(Handle handle, List<String> skus, BiConsumer<Product, JdbcOrderLines> each) {
        for (List<String> asked : Sql.lookupsPerQuery(skus)) {
            Map<String, ProductRow> products = new LinkedHashMap<>();
            Map<String, SortedMap<Long, Batch>> batches = new HashMap<>();
            Sql.forEachLookedUp(handle, PRODUCT_WITH_BATCHES, 1, asked, (statement, first, sku) -> statement.setString(first, sku),
                    row -> {
                        String sku = row.getString(1);
                        products.put(sku, new ProductRow(row.getLong(2), row.getLong(3)));
                        SortedMap<Long, Batch> ofProduct = batches.computeIfAbsent(sku, key -> new TreeMap<>());
                        if (row.getString(5) != null) {
                            ofProduct.put(row.getLong(4), batch(sku, row));
                        }
                    });
            products.forEach((sku, product) -> {
                if (!asked.contains(sku)) {
                    throw new IllegalStateException("The database returned another SKU's product for a SKU of " + sku.length()
                            + " UTF-16 units: identifiers must be text it stores exactly");
                }
                JdbcOrderLines lines = new JdbcOrderLines(handle, sku);
                each.accept(new Product(sku, product.version(), new ArrayList<>(batches.get(sku).values()), lines,
                        product.lastSequence()), lines);
            });
        }
    }

    private static Batch batch(String sku, ResultSet row) throws SQLException {
        return new Batch(row.getString(5), sku, row.getInt(6), row.getObject(8, LocalDate.class), row.getInt(7));
    }

    /** The SKU of the product that owns the batch, if the batch is stored. */
    static Optional<String> skuOfBatch(Handle handle, String batchRef) {
        return Sql.first(handle, "SELECT sku FROM batches WHERE reference = ?",
                statement -> statement.setString(1, batchRef), row -> row.getString(1));
    }

    /**
     * The rows of one commit's products and batches, one JDBC batch per statement: {@link #writeProducts} first,
     * whose version checks must all pass before anything else is written, then {@link #writeBatches}.
     */
    static final class Writes {

        private final Sql.Batched productInserts;
        private final Sql.Batched versionCheckedProductUpdates;
        private final List<String> versionCheckedSkus = new ArrayList<>();
        private final Sql.Batched batchInserts;
        private final Sql.Batched batchUpdates;

        Writes(Handle handle) {
            productInserts = new Sql.Batched(handle, "INSERT INTO products (sku, version, last_sequence) VALUES (?, ?, ?)");
            versionCheckedProductUpdates = new Sql.Batched(handle,
                    "UPDATE products SET version = ?, last_sequence = ? WHERE sku = ? AND version = ?");
            batchInserts = new Sql.Batched(handle,
                    "INSERT INTO batches (reference, sku, purchased, allocated, eta) VALUES (?, ?, ?, ?, ?)");
            batchUpdates = new Sql.Batched(handle, "UPDATE batches SET purchased = ?, allocated = ? WHERE reference = ?");
        }

        void insert(Product product) {
            productInserts.add(statement -> {
                statement.setString(1, product.sku());
                statement.setLong(2, product.version());
                statement.setLong(3, product.lastSequence());
            });
        }

        /** Updates the product's row if it still holds the version the product was loaded at. */
        void updateIfStillAt(long loadedVersion, Product product) {
            versionCheckedProductUpdates.add(statement -> {
                statement.setLong(1, product.version());
                statement.setLong(2, product.lastSequence());
                statement.setString(3, product.sku());
                statement.setLong(4, loadedVersion);
            });
            versionCheckedSkus.add(product.sku());
        }

        /** @throws ConcurrencyConflict if a product's row no longer held the version it was loaded at */
        void writeProducts() {
            productInserts.execute();
            int[] updated = versionCheckedProductUpdates.execute();
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] == 0) {
                    throw new ConcurrencyConflict(versionCheckedSkus.get(i));
                }
            }
        }

        void insert(Batch batch) {
            batchInserts.add(statement -> {
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
        }

        void update(Batch batch) {
            batchUpdates.add(statement -> {
                statement.setInt(1, batch.purchasedQuantity());
                statement.setInt(2, batch.allocatedQuantity());
                statement.setString(3, batch.batchRef());
            });
        }

        void writeBatches() {
            batchInserts.execute();
            batchUpdates.execute();
        }
    }
}
