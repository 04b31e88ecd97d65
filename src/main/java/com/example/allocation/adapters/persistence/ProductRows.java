package com.example.allocation.adapters.persistence;

import com.example.allocation.domain.Batch;
import com.example.allocation.domain.HeldStock;
import com.example.allocation.domain.Product;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The mapping between the {@code products}, {@code batches} and {@code held_stock} tables and the domain's
 * {@link Product}s, {@link Batch}es and {@link HeldStock}, written out by hand (the domain knows nothing of tables):
 * the queries that read products with their batches and held stock, and the statements that write them back. A
 * product's lines are {@link JdbcOrderLines}' business.
 */
final class ProductRows {

    /** A product's own row: the version a commit checks, and the last sequence given to one of its lines. */
    private record ProductRow(long version, long lastSequence) {
    }

    /** What a batch's row holds that its product can change: a commit updates the row if this differs. */
    record BatchRow(int purchased, int allocated, int held) {

        static BatchRow of(Batch batch) {
            return new BatchRow(batch.purchasedQuantity(), batch.allocatedQuantity(), batch.heldQuantity());
        }

        /** The rows of the batches, by reference. */
        static Map<String, BatchRow> of(Collection<Batch> batches) {
            return batches.stream().collect(Collectors.toMap(Batch::batchRef, BatchRow::of, (a, b) -> a, LinkedHashMap::new));
        }
    }

    private static final String PRODUCT_WITH_BATCHES = """
            SELECT p.sku, p.version, p.last_sequence, b.id, b.reference, b.purchased, b.allocated, b.eta, b.held
            FROM products p LEFT JOIN batches b ON b.sku = p.sku WHERE p.sku = ?""";
    private static final String HELD_STOCK =
            "SELECT sku, holdid, qty, batchref, expires_at, line_sequence FROM held_stock WHERE sku = ?";

    private ProductRows() {
    }

    /**
     * The products of these SKUs that are stored, each with its batches and held stock and handed to {@code each}
     * with the lines it reads on demand: one query per 64 SKUs at most, each SKU its own primary-key lookup
     * ({@link Sql#forEachLookedUp}), and one more for the held stock of those whose batches record some held: a
     * product that holds nothing costs no second round trip. A batch that comes twice is kept once, by its id, which
     * also gives the batches their creation order.
     */
    static void read(Handle handle, List<String> skus, BiConsumer<Product, JdbcOrderLines> each) {
        for (List<String> asked : Sql.lookupsPerQuery(skus)) {
            Map<String, ProductRow> products = new LinkedHashMap<>();
            Map<String, SortedMap<Long, Batch>> batches = new HashMap<>();
            Set<String> holding = new HashSet<>();
            Sql.forEachLookedUp(handle, PRODUCT_WITH_BATCHES, 1, asked, (statement, first, sku) -> statement.setString(first, sku),
                    row -> {
                        String sku = row.getString(1);
                        products.put(sku, new ProductRow(row.getLong(2), row.getLong(3)));
                        SortedMap<Long, Batch> ofProduct = batches.computeIfAbsent(sku, key -> new TreeMap<>());
                        if (row.getString(5) != null) {
                            ofProduct.put(row.getLong(4), batch(sku, row));
                            if (row.getInt(9) > 0) {
                                holding.add(sku);
                            }
                        }
                    });
            Map<String, Map<String, HeldStock>> held = heldStock(handle, List.copyOf(holding));
            products.forEach((sku, product) -> {
                if (!asked.contains(sku)) {
                    throw new IllegalStateException("The database returned another SKU's product for a SKU of " + sku.length()
                            + " UTF-16 units: identifiers must be text it stores exactly");
                }
                JdbcOrderLines lines = new JdbcOrderLines(handle, sku);
                List<HeldStock> stock = held.getOrDefault(sku, Map.of()).values().stream()
                        .sorted(Comparator.comparingLong(HeldStock::sequence)).toList();
                each.accept(new Product(sku, product.version(), new ArrayList<>(batches.get(sku).values()), lines, stock,
                        product.lastSequence()), lines);
            });
        }
    }

    /**
     * Locks the rows of these products that are stored, in SKU order (as commits write them, so that two lockers
     * cannot deadlock), until the transaction ends; planned for the SKUs given ({@link Sql#forEachPlannedNow}), as it
     * runs only when a race was lost, on tables of any size.
     */
    static void lock(Handle handle, List<String> skus, String lock) {
        Sql.forEachPlannedNow(handle, "SELECT sku FROM products WHERE sku = ANY (?) ORDER BY sku " + lock,
                statement -> Sql.array("VARCHAR", skus).set(statement, 1), row -> { });
    }

    /** The held stock of these products, by SKU and then hold, in one query; a row that comes twice is kept once. */
    private static Map<String, Map<String, HeldStock>> heldStock(Handle handle, List<String> skus) {
        Map<String, Map<String, HeldStock>> held = new HashMap<>();
        if (skus.isEmpty()) {
            return held;
        }
        Sql.forEachLookedUp(handle, HELD_STOCK, 1, skus, (statement, first, sku) -> statement.setString(first, sku),
                row -> held.computeIfAbsent(row.getString(1), sku -> new HashMap<>()).put(row.getString(2),
                        new HeldStock(row.getString(2), row.getInt(3), row.getString(4),
                                row.getObject(5, OffsetDateTime.class).toInstant(), row.getLong(6))));
        return held;
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
     * The rows of one commit's products, batches and held stock, one JDBC batch per statement: {@link #writeProducts}
     * first, whose version checks must all pass before anything else is written, then {@link #writeBatches}, then
     * {@link #writeHeldStock}, whose rows refer to the batches.
     */
    static final class Writes {

        private final Sql.Batched productInserts;
        private final Sql.Batched versionCheckedProductUpdates;
        private final List<String> versionCheckedSkus = new ArrayList<>();
        private final Sql.Batched batchInserts;
        private final Sql.Batched batchUpdates;
        private final Sql.Batched heldInserts;
        private final Sql.Batched heldUpdates;
        private final Sql.Batched heldDeletes;

        Writes(Handle handle) {
            productInserts = new Sql.Batched(handle, "INSERT INTO products (sku, version, last_sequence) VALUES (?, ?, ?)");
            versionCheckedProductUpdates = new Sql.Batched(handle,
                    "UPDATE products SET version = ?, last_sequence = ? WHERE sku = ? AND version = ?");
            batchInserts = new Sql.Batched(handle,
                    "INSERT INTO batches (reference, sku, purchased, allocated, held, eta) VALUES (?, ?, ?, ?, ?, ?)");
            batchUpdates = new Sql.Batched(handle, "UPDATE batches SET purchased = ?, allocated = ?, held = ? WHERE reference = ?");
            heldInserts = new Sql.Batched(handle,
                    "INSERT INTO held_stock (qty, batchref, expires_at, line_sequence, sku, holdid) VALUES (?, ?, ?, ?, ?, ?)");
            heldUpdates = new Sql.Batched(handle,
                    "UPDATE held_stock SET qty = ?, batchref = ?, expires_at = ?, line_sequence = ? WHERE sku = ? AND holdid = ?");
            heldDeletes = new Sql.Batched(handle, "DELETE FROM held_stock WHERE sku = ? AND holdid = ?");
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
                    throw ConcurrencyConflict.onProduct(versionCheckedSkus.get(i));
                }
            }
        }

        void insert(Batch batch) {
            batchInserts.add(statement -> {
                statement.setString(1, batch.batchRef());
                statement.setString(2, batch.sku());
                statement.setInt(3, batch.purchasedQuantity());
                statement.setInt(4, batch.allocatedQuantity());
                statement.setInt(5, batch.heldQuantity());
                if (batch.eta().isPresent()) {
                    statement.setObject(6, batch.eta().get());
                } else {
                    statement.setNull(6, Types.DATE);
                }
            });
        }

        void update(Batch batch) {
            batchUpdates.add(statement -> {
                statement.setInt(1, batch.purchasedQuantity());
                statement.setInt(2, batch.allocatedQuantity());
                statement.setInt(3, batch.heldQuantity());
                statement.setString(4, batch.batchRef());
            });
        }

        void writeBatches() {
            batchInserts.execute();
            batchUpdates.execute();
        }

        void insert(String sku, HeldStock stock) {
            heldInserts.add(statement -> setHeld(statement, sku, stock));
        }

        void update(String sku, HeldStock stock) {
            heldUpdates.add(statement -> setHeld(statement, sku, stock));
        }

        void delete(String sku, String holdId) {
            heldDeletes.add(statement -> {
                statement.setString(1, sku);
                statement.setString(2, holdId);
            });
        }

        void writeHeldStock() {
            heldDeletes.execute();
            heldUpdates.execute();
            heldInserts.execute();
        }

        /** The insert and the update take the same parameters, in the same order: the key last. */
        private static void setHeld(PreparedStatement statement, String sku, HeldStock stock) throws SQLException {
            statement.setInt(1, stock.qty());
            statement.setString(2, stock.batchRef());
            statement.setObject(3, stock.expiresAt().atOffset(ZoneOffset.UTC));
            statement.setLong(4, stock.sequence());
            statement.setString(5, sku);
            statement.setString(6, stock.holdId());
        }
    }
}
