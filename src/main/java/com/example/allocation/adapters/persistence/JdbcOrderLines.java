package com.example.allocation.adapters.persistence;

import com.example.allocation.domain.AcceptedLine;
import com.example.allocation.domain.OrderLine;
import com.example.allocation.domain.OrderLines;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * One product's order lines, answered from the database one indexed query at a time, so that the cost
 * of a rule does not grow with the number of lines. Changes are kept in memory until {@link #addChangesTo} adds them to
 * the commit's writes; every answer takes them into account, so the product sees its own changes before they are written.
 */
final class JdbcOrderLines implements OrderLines {

    private static final String COLUMNS = "orderid, qty, batchref, line_sequence";
    private static final String FIND = "SELECT " + COLUMNS + " FROM order_lines WHERE sku = ? AND orderid = ?";
    /** {@link #FIND} with the SKU first: one lookup of a prefetch, whose lines are of several products. */
    private static final String FIND_WITH_SKU = "SELECT sku, " + COLUMNS + " FROM order_lines WHERE sku = ? AND orderid = ?";

    private final Handle handle;
    private final String sku;
    /** Lines read from the database, by order id: these rows exist and are updated, not inserted. */
    private final Map<String, AcceptedLine> stored = new HashMap<>();
    /** Order ids the database was asked about and does not have. */
    private final Set<String> absent = new HashSet<>();
    /** What this unit of work did to lines, by order id: the new line, or empty when removed. */
    private final Map<String, Optional<AcceptedLine>> changes = new LinkedHashMap<>();

    JdbcOrderLines(Handle handle, String sku) {
        this.handle = handle;
        this.sku = sku;
    }

    @Override
    public Optional<AcceptedLine> find(String orderId) {
        if (changes.containsKey(orderId)) {
            return changes.get(orderId);
        }
        if (stored.containsKey(orderId)) {
            return Optional.of(stored.get(orderId));
        }
        if (absent.contains(orderId)) {
            return Optional.empty();
        }
        Optional<AcceptedLine> line = Connectivity.guard(() -> Sql.first(open(), FIND,
                statement -> {
                    statement.setString(1, sku);
                    statement.setString(2, orderId);
                },
                this::row));
        if (line.isEmpty()) {
            absent.add(orderId);
        } else if (!line.get().orderId().equals(orderId)) {
            // Identifiers are checked to be text the database stores exactly; if one ever were not, the line
            // found would be another order's, and writing it back under the id asked for would corrupt stock.
            throw new IllegalStateException("The database returned another order's line for an order id of " + orderId.length()
                    + " UTF-16 units: identifiers must be text it stores exactly");
        }
        return line;
    }

    @Override
    public Optional<AcceptedLine> newestAllocatedTo(String batchRef) {
        Optional<AcceptedLine> fromDatabase = firstUnchanged(
                "batchref = :batchref", "line_sequence DESC", query -> query.bind("batchref", batchRef));
        return Stream.concat(fromDatabase.stream(), changed(line -> batchRef.equals(line.batchRef())))
                .max(Comparator.comparingLong(AcceptedLine::sequence));
    }

    @Override
    public Optional<AcceptedLine> oldestBackorderedOfAtMost(int maxQty) {
        Optional<AcceptedLine> fromDatabase = firstUnchanged(
                "batchref IS NULL AND qty <= :maxQty", "line_sequence", query -> query.bind("maxQty", maxQty));
        return Stream.concat(fromDatabase.stream(), changed(line -> line.isBackordered() && line.qty() <= maxQty))
                .min(Comparator.comparingLong(AcceptedLine::sequence));
    }

    @Override
    public void put(AcceptedLine line) {
        changes.put(line.orderId(), Optional.of(line));
    }

    @Override
    public void remove(String orderId) {
        changes.put(orderId, Optional.empty());
    }

    @Override
    public List<AcceptedLine> all() {
        List<AcceptedLine> lines = new ArrayList<>(Connectivity.guard(() -> open().createQuery(
                        "SELECT " + COLUMNS + " FROM order_lines WHERE sku = :sku ORDER BY line_sequence")
                .bind("sku", sku)
                .map((rs, ctx) -> row(rs))
                .list()));
        lines.removeIf(line -> changes.containsKey(line.orderId()));
        changed(line -> true).forEach(lines::add);
        lines.sort(Comparator.comparingLong(AcceptedLine::sequence));
        return lines;
    }

    /**
     * Whether each line is stored, for products already loaded, in one query per 64 lines at most: each line its
     * own primary-key lookup, as {@link #find} makes ({@link Sql#forEachLookedUp}). A line found is remembered by
     * its product's lines ({@code ofSku}), as if {@code find} had read it; one not found, as absent.
     */
    static void prefetch(Handle handle, List<OrderLine> lines, Function<String, JdbcOrderLines> ofSku) {
        for (List<OrderLine> asked : Sql.lookupsPerQuery(lines)) {
            Set<List<String>> keys = asked.stream().map(line -> List.of(line.sku(), line.orderId())).collect(Collectors.toSet());
            Sql.forEachLookedUp(handle, FIND_WITH_SKU, 2, asked,
                    (statement, first, line) -> {
                        statement.setString(first, line.sku());
                        statement.setString(first + 1, line.orderId());
                    },
                    row -> {
                        if (!keys.contains(List.of(row.getString(1), row.getString(2)))) {
                            // As in find: another line than the one asked for would be written back as it.
                            throw new IllegalStateException("The database returned a line it was not asked for: "
                                    + "identifiers must be text it stores exactly");
                        }
                        ofSku.apply(row.getString(1)).row(row);
                    });
            for (OrderLine line : asked) {
                ofSku.apply(line.sku()).absentUnlessStored(line.orderId());
            }
        }
    }

    /** Adds the changes to the commit's writes: an update for a line the database has, an insert for a new one, a delete for a removed one. */
    void addChangesTo(Writes writes) {
        changes.forEach((orderId, change) -> {
            boolean exists = stored.containsKey(orderId);
            if (change.isEmpty()) {
                if (exists) {
                    writes.deletes.add(statement -> {
                        statement.setString(1, sku);
                        statement.setString(2, orderId);
                    });
                }
            } else if (exists) {
                AcceptedLine line = change.get();
                writes.updates.add(statement -> {
                    statement.setString(1, line.batchRef());
                    statement.setLong(2, line.sequence());
                    statement.setString(3, sku);
                    statement.setString(4, orderId);
                });
            } else {
                writes.insert(sku, change.get());
            }
        });
    }

    /** The line writes of one commit, one batch per statement. */
    static final class Writes {

        private final Sql.Batched inserts;
        private final Sql.Batched updates;
        private final Sql.Batched deletes;

        Writes(Handle handle) {
            inserts = new Sql.Batched(handle, "INSERT INTO order_lines (sku, orderid, qty, batchref, line_sequence) VALUES (?, ?, ?, ?, ?)");
            updates = new Sql.Batched(handle, "UPDATE order_lines SET batchref = ?, line_sequence = ? WHERE sku = ? AND orderid = ?");
            deletes = new Sql.Batched(handle, "DELETE FROM order_lines WHERE sku = ? AND orderid = ?");
        }

        void insert(String sku, AcceptedLine line) {
            inserts.add(statement -> {
                statement.setString(1, sku);
                statement.setString(2, line.orderId());
                statement.setInt(3, line.qty());
                statement.setString(4, line.batchRef());
                statement.setLong(5, line.sequence());
            });
        }

        /** Deletes before inserts and updates, so a line removed and added again in one commit ends up stored. */
        void execute() {
            deletes.execute();
            updates.execute();
            inserts.execute();
        }
    }

    /**
     * The first stored line, in {@code order}, that matches {@code condition} and that this unit of work has
     * not changed: a changed line is judged by its new state, not its stored one.
     */
    private Optional<AcceptedLine> firstUnchanged(String condition, String order, Consumer<Query> binder) {
        String excluding = changes.isEmpty() ? "" : " AND orderid NOT IN (<changed>)";
        Query query = open().createQuery("SELECT " + COLUMNS + " FROM order_lines WHERE sku = :sku AND "
                        + condition + excluding + " ORDER BY " + order + " FETCH FIRST 1 ROWS ONLY")
                .bind("sku", sku);
        if (!changes.isEmpty()) {
            query.bindList("changed", List.copyOf(changes.keySet()));
        }
        binder.accept(query);
        return Connectivity.guard(() -> query.map((rs, ctx) -> row(rs)).findOne());
    }

    private Stream<AcceptedLine> changed(Predicate<AcceptedLine> wanted) {
        return changes.values().stream().flatMap(Optional::stream).filter(wanted);
    }

    private Handle open() {
        if (handle.isClosed()) {
            throw new IllegalStateException("The order lines of " + sku + " were asked for after their unit of work ended: "
                    + "a product's lines are read on demand, so read what you need before closing the unit of work");
        }
        return handle;
    }

    /** After a prefetch asked about this order id: unless a row came back for it, the database has no such line. */
    private void absentUnlessStored(String orderId) {
        if (!stored.containsKey(orderId)) {
            absent.add(orderId);
        }
    }

    /** Maps a row of this product's lines, from its own query or a prefetch's, and remembers that the database has it. */
    private AcceptedLine row(ResultSet rs) throws SQLException {
        AcceptedLine line = new AcceptedLine(new OrderLine(rs.getString("orderid"), sku, rs.getInt("qty")),
                rs.getString("batchref"), rs.getLong("line_sequence"));
        stored.put(line.orderId(), line);
        return line;
    }
}
