package com.example.allocation.adapters.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

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
        try (PreparedStatement statement = handle.getConnection().prepareStatement(query)) {
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
