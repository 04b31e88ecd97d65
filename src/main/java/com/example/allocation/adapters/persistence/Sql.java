package com.example.allocation.adapters.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.postgresql.PGStatement;

/**
 * Plain JDBC, for the statements every allocation runs: loading a product, finding a line, and the writes of
 * a commit. Jdbi's per-statement machinery (configuration lookups, argument factories, statement contexts)
 * was the largest share of the service's CPU time on that path (docs/performance.md); the other statements
 * keep Jdbi's convenience. It works on the unit of work's own {@link Handle}, so it shares its transaction,
 * and fails as Jdbi does ({@link UnableToExecuteStatementException}), so that {@link Connectivity} and the
 * unit of work translate its failures as they do the rest. The driver caches each statement's server-side
 * preparation per connection, so preparing the same text again is cheap.
 */
final class Sql {

    /** Sets a statement's parameters. */
    @FunctionalInterface
    interface Parameters {
        void set(PreparedStatement statement) throws SQLException;
    }

    /** Sets the parameters of one lookup among those joined into a query, from parameter {@code first} on. */
    @FunctionalInterface
    interface LookupParameters<K> {
        void set(PreparedStatement statement, int first, K key) throws SQLException;
    }

    /** Sets one parameter of a statement, at {@code index}. */
    @FunctionalInterface
    interface Parameter {
        void set(PreparedStatement statement, int index) throws SQLException;
    }

    /** An array of SQL type {@code type} (the driver's name for its elements) holding {@code values}, in order. */
    static Parameter array(String type, Collection<?> values) {
        return (statement, index) -> statement.setArray(index, statement.getConnection().createArrayOf(type, values.toArray()));
    }

    /** Reads the current row into a value. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Takes in the current row. */
    @FunctionalInterface
    interface EachRow {
        void read(ResultSet row) throws SQLException;
    }

    /**
     * How many lookups one query joins: the next of these at or above the number asked for, the last lookup
     * repeated to fill it, so that the database and the driver see a handful of statements rather than one per count.
     */
    private static final int[] LOOKUPS_PER_QUERY = {1, 2, 4, 8, 16, 32, 64};

    private Sql() {
    }

    /** The first row {@code query} returns, if any. */
    static <T> Optional<T> first(Handle handle, String query, Parameters parameters, Row<T> row) {
        try (PreparedStatement statement = handle.getConnection().prepareStatement(query)) {
            parameters.set(statement);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(row.read(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Reads each row {@code query} returns, in order. */
    static void forEach(Handle handle, String query, Parameters parameters, EachRow row) {
        forEach(handle, query, false, parameters, row);
    }

    /**
     * Reads each row of {@code query} as {@link #forEach} does, but planned for the values it is given this time,
     * never from a plan PostgreSQL kept: for a statement that runs seldom on a table that may have grown since it was
     * analysed, where a plan kept from then could scan it whole. The driver then sends the statement unnamed, so it is
     * parsed each time too.
     */
    static void forEachPlannedNow(Handle handle, String query, Parameters parameters, EachRow row) {
        forEach(handle, query, true, parameters, row);
    }

    private static void forEach(Handle handle, String query, boolean plannedNow, Parameters parameters, EachRow row) {
        try (PreparedStatement statement = handle.getConnection().prepareStatement(query)) {
            if (plannedNow && statement.isWrapperFor(PGStatement.class)) {
                // The driver prepares a statement on the server, plan and all, from its fifth run; this one never.
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            parameters.set(statement);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    row.read(rows);
                }
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Runs {@code statements}, one or several separated by semicolons, in one round trip, with {@code parameters} in the
     * order their placeholders appear. PostgreSQL's driver sends several statements of one text together; H2's does not
     * take them.
     */
    static void execute(Handle handle, String statements, List<Parameter> parameters) {
        try (PreparedStatement statement = handle.getConnection().prepareStatement(statements)) {
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).set(statement, i + 1);
            }
            statement.execute();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * The keys in groups of at most 64, one group for each query of {@link #forEachLookedUp}: a prefetch asks for
     * the products and lines of as many commands as group commit handles together.
     */
    static <K> List<List<K>> lookupsPerQuery(List<K> keys) {
        int most = LOOKUPS_PER_QUERY[LOOKUPS_PER_QUERY.length - 1];
        List<List<K>> groups = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += most) {
            groups.add(keys.subList(from, Math.min(keys.size(), from + most)));
        }
        return groups;
    }

    /**
     * Reads each row of one query that runs {@code lookup}, a query by primary key with {@code parametersPerLookup}
     * parameters, for each of at most 64 keys: the lookups joined with {@code UNION ALL}. A list of keys {@code IN
     * (...)}, tried first, was planned as a scan while the table was empty, and PostgreSQL kept that plan as the
     * table grew (decision 27). The keys are padded with the last one, so a row may come more than once: readers
     * keep one of each.
     */
    static <K> void forEachLookedUp(Handle handle, String lookup, int parametersPerLookup, List<K> keys,
            LookupParameters<K> parameters, EachRow row) {
        List<K> lookups = padded(keys);
        forEach(handle, String.join(" UNION ALL ", Collections.nCopies(lookups.size(), lookup)),
                statement -> {
                    for (int i = 0; i < lookups.size(); i++) {
                        parameters.set(statement, parametersPerLookup * i + 1, lookups.get(i));
                    }
                },
                row);
    }

    /** The keys, the last repeated up to the next of {@link #LOOKUPS_PER_QUERY}. */
    private static <K> List<K> padded(List<K> keys) {
        for (int size : LOOKUPS_PER_QUERY) {
            if (size >= keys.size()) {
                List<K> padded = new ArrayList<>(keys);
                padded.addAll(Collections.nCopies(size - keys.size(), keys.get(keys.size() - 1)));
                return padded;
            }
        }
        throw new IllegalArgumentException(keys.size() + " lookups for one query");
    }

    /** A failed statement, as Jdbi reports one. */
    static UnableToExecuteStatementException failed(SQLException e) {
        return new UnableToExecuteStatementException(e, null);
    }

    /**
     * One statement batched for many rows, sent in one round trip: a JDBC batch (not to be confused with the
     * domain's batches of stock). Nothing is sent if no row was added.
     */
    static final class Batched {

        private final Connection connection;
        private final String statementText;
        private PreparedStatement statement;

        Batched(Handle handle, String statementText) {
            this.connection = handle.getConnection();
            this.statementText = statementText;
        }

        void add(Parameters parameters) {
            try {
                if (statement == null) {
                    statement = connection.prepareStatement(statementText);
                }
                parameters.set(statement);
                statement.addBatch();
            } catch (SQLException e) {
                throw failed(e);
            }
        }

        /** Runs the rows added, and returns each one's update count; none if none was added. */
        int[] execute() {
            if (statement == null) {
                return new int[0];
            }
            try (PreparedStatement running = statement) {
                statement = null;
                return running.executeBatch();
            } catch (SQLException e) {
                throw failed(e);
            }
        }
    }
}
