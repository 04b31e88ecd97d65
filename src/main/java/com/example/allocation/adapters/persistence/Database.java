package com.example.allocation.adapters.persistence;

import com.example.allocation.servicelayer.UnitOfWorkFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's database: a connection pool, migrated to the current schema on connect, and the units of
 * work and queries that run on it.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
    private static final Duration CONNECTION_WAIT = Duration.ofSeconds(5);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String description;
    private final int migrationsApplied;
    private final Dialect dialect;

    private Database(HikariDataSource dataSource, int migrationsApplied, Dialect dialect) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.description = describe(dataSource);
        this.migrationsApplied = migrationsApplied;
        this.dialect = dialect;
    }

    /** Connects with a pool of {@code poolSize} connections and runs any migrations not yet applied. */
    public static Database connect(DatabaseUrl url, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("allocation-db");
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(poolSize);
        if (url.dialect() == Dialect.POSTGRESQL) {
            // A batch of inserts goes as one multi-row INSERT: fewer round trips at commit.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        // When the database is away, a request learns it in seconds, not Hikari's default half-minute.
        config.setConnectionTimeout(CONNECTION_WAIT.toMillis());
        // A database that starts a little after us (as containers often do) is waited for, not fatal.
        config.setInitializationFailTimeout(STARTUP_WAIT.toMillis());
        // Read committed is enough: every writer of a product bumps its version with a checked UPDATE, so a
        // change made after we read is always caught at commit (see README, "Concurrency").
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            // Flyway gets connections of its own: on PostgreSQL it holds two at once (one for its lock), which a
            // small pool could not spare.
            int applied = Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password()).load().migrate().migrationsExecuted;
            Database database = new Database(dataSource, applied, url.dialect());
            log.info("Database {} at {}: {} migration(s) applied", database.description, url.jdbcUrl(), applied);
            return database;
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    public UnitOfWorkFactory unitsOfWork() {
        return () -> new JdbcUnitOfWork(jdbi, dialect);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** How many migrations (from {@code db/migration}) this connect applied; zero when the schema was current. */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    /** Product name and version, e.g. "PostgreSQL 17.11". */
    public String description() {
        return description;
    }

    /** Whether the database answers a trivial query now. */
    public boolean isReachable() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static String describe(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the database's name and version", e);
        }
    }
}
