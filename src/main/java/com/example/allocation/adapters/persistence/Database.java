package com.example.allocation.adapters.persistence;

import com.example.allocation.adapters.Secrets;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's database: a connection pool, migrated to the current schema on connect, and the units of
 * work and queries that run on it. Every wait on it is bounded ({@link Timeouts}); a second, one-connection
 * pool answers {@link #probe()} for {@code /health}, so health can tell a busy database from a gone one.
 */
public final class Database implements AutoCloseable {

    /**
     * How long the service waits on its database: for a statement to finish, for a lock, and for a free
     * connection. A statement past its time fails, and its transaction is rolled back; a silent network is
     * given up on one second after the statement timeout (the driver's socket timeout).
     */
    public record Timeouts(Duration statement, Duration lock, Duration connection) {

        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2));

        public Timeouts {
            if (statement.toMillis() < 1 || lock.toMillis() < 1 || connection.toMillis() < 250) {
                throw new IllegalArgumentException("database timeouts must be positive (a connection wait at least 250 ms), got " + this);
            }
        }
    }

    /** What {@code /health} learns of the database. */
    public enum State { OK, SATURATED, UNREACHABLE }

    /** The database's state, and how many outgoing messages wait in the outbox (null when unreadable). */
    public record Probe(State state, Long outboxBacklog) {
    }

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** How long a start waits for a database that is not there yet, or is restarting. */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
    /** Health answers within a second, whatever the database does. */
    private static final Duration PROBE_WAIT = Duration.ofMillis(800);

    private final HikariDataSource dataSource;
    private final HikariDataSource probeSource;
    private final DeadlineWaits waits;
    private final Jdbi jdbi;
    private final Jdbi probeJdbi;
    private final String description;
    private final int migrationsApplied;
    private final Dialect dialect;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "database-probe");
        thread.setDaemon(true);
        return thread;
    });
    private Future<Long> probing;

    private Database(HikariDataSource dataSource, HikariDataSource probeSource, int migrationsApplied, Dialect dialect,
            Timeouts timeouts) {
        this.dataSource = dataSource;
        this.probeSource = probeSource;
        this.waits = new DeadlineWaits(dataSource, timeouts.connection(), socketTimeout(timeouts), dialect == Dialect.POSTGRESQL);
        this.jdbi = waits.jdbi();
        this.probeJdbi = Jdbi.create(probeSource);
        this.description = describe(dataSource);
        this.migrationsApplied = migrationsApplied;
        this.dialect = dialect;
    }

    /** Connects with a pool of {@code poolSize} connections and the default timeouts, and migrates. */
    public static Database connect(DatabaseUrl url, int poolSize) {
        return connect(url, poolSize, Timeouts.DEFAULT);
    }

    /** Connects with a pool of {@code poolSize} connections and runs any migrations not yet applied. */
    public static Database connect(DatabaseUrl url, int poolSize, Timeouts timeouts) {
        return connect(url, poolSize, timeouts, null);
    }

    /** The same, with the pool's own meters ({@code hikaricp_connections_*}, HikariCP's binding) in {@code meters}. */
    public static Database connect(DatabaseUrl url, int poolSize, Timeouts timeouts, MeterRegistry meters) {
        refuseWhatWaitingWillNotCure(url, timeouts);
        HikariConfig config = pool("allocation-db", url, poolSize, timeouts);
        if (meters != null) {
            config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        }
        // A database that starts a little after us (as containers often do) is waited for, not fatal.
        config.setInitializationFailTimeout(STARTUP_WAIT.toMillis());
        HikariDataSource dataSource = new HikariDataSource(config);
        HikariConfig probeConfig = pool("allocation-health", url, 1, new Timeouts(PROBE_WAIT, PROBE_WAIT, PROBE_WAIT));
        probeConfig.setInitializationFailTimeout(-1);
        probeConfig.setMinimumIdle(0);
        HikariDataSource probeSource = null;
        try {
            probeSource = new HikariDataSource(probeConfig);
            // Flyway gets connections of its own: on PostgreSQL it holds two at once (one for its lock), which a
            // small pool could not spare; and migrations are not held to a request's statement timeout.
            int applied = Migrations.apply(url);
            Database database = new Database(dataSource, probeSource, applied, url.dialect(), timeouts);
            log.info("Database {} at {}: {} migration(s) applied", database.description, Secrets.redact(url.jdbcUrl()), applied);
            return database;
        } catch (RuntimeException e) {
            dataSource.close();
            if (probeSource != null) {
                probeSource.close();
            }
            throw e;
        }
    }

    /**
     * Applies the schema migrations not yet applied, and nothing else: for deployments that migrate before they
     * start instances ({@code java -jar allocation.jar migrate}); returns how many were applied.
     *
     * @throws IllegalArgumentException if the server refused our credentials or TLS (as {@link #connect} does)
     */
    public static int migrate(DatabaseUrl url, Timeouts timeouts) {
        refuseWhatWaitingWillNotCure(url, timeouts);
        int applied = Migrations.apply(url);
        log.info("Database at {}: {} migration(s) applied", Secrets.redact(url.jdbcUrl()), applied);
        return applied;
    }


    /**
     * A server that answers but refuses us — a wrong password, no entry for us in pg_hba.conf, TLS it will not
     * speak or a certificate we do not trust — stops the start at once, saying why (the server's words, which
     * never hold the password), rather than after the wait meant for a server still starting.
     *
     * @throws IllegalArgumentException if the server refused the connection for one of those reasons
     */
    private static void refuseWhatWaitingWillNotCure(DatabaseUrl url, Timeouts timeouts) {
        if (url.dialect() != Dialect.POSTGRESQL) {
            return;
        }
        Properties properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.putAll(driverTimeouts(timeouts));
        try (Connection probe = DriverManager.getConnection(url.jdbcUrl(), properties)) {
            return;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            boolean refused = state.startsWith("28") || state.equals("08004")
                    || String.valueOf(e.getMessage()).startsWith("SSL error") || String.valueOf(e.getMessage()).contains("does not support SSL");
            if (refused) {
                throw new IllegalArgumentException("The database refused the connection: " + e.getMessage()
                        + " (check DATABASE_URL's user, password and ssl parameters)");
            }
            // Unreachable or still starting: the pool waits for it.
        }
    }

    /**
     * pgjdbc's own bounds, for every connection we make. A network that drops packets silently would leave a
     * read waiting forever — the statement timeout cannot help, as the server never hears of it — and a server
     * that takes the connection and never answers would hold the log-in. Whole seconds: the driver counts in seconds.
     */
    static Map<String, String> driverTimeouts(Timeouts timeouts) {
        String connection = String.valueOf(Math.max(1, timeouts.connection().toSeconds()));
        return Map.of("socketTimeout", String.valueOf(socketTimeout(timeouts).toSeconds()),
                "connectTimeout", connection, "loginTimeout", connection, "tcpKeepAlive", "true");
    }

    /** A read's bound: the statement's own, and a second for the answer to come back. */
    private static Duration socketTimeout(Timeouts timeouts) {
        return Duration.ofSeconds(timeouts.statement().toSeconds() + 1);
    }

    private static HikariConfig pool(String name, DatabaseUrl url, int size, Timeouts timeouts) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(size);
        config.setConnectionInitSql(url.dialect().sessionTimeouts(timeouts.statement().toMillis(), timeouts.lock().toMillis()));
        if (url.dialect() == Dialect.POSTGRESQL) {
            // A batch of inserts goes as one multi-row INSERT: fewer round trips at commit.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            driverTimeouts(timeouts).forEach(config::addDataSourceProperty);
        }
        // When the database is away or busy, a request learns it in seconds, not Hikari's default half-minute.
        config.setConnectionTimeout(timeouts.connection().toMillis());
        config.setValidationTimeout(Math.max(250, Math.min(1_000, timeouts.connection().toMillis() / 2)));
        // Read committed is enough: every writer of a product bumps its version with a checked UPDATE, so a
        // change made after we read is always caught at commit (see README, "Concurrency").
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return config;
    }

    /** Units of work on the pool; one started by a change's deadline waits for the database only until it. */
    public UnitOfWorkFactory unitsOfWork() {
        return JdbcUnitOfWork.factory(jdbi, dialect, waits, false);
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

    /**
     * The database's state, within a second whatever it does: unreachable if a connection of the probe's own
     * does not answer in time; saturated if it does, but requests wait for a connection of the main pool.
     */
    public Probe probe() {
        Future<Long> backlog = startProbe();
        try {
            Long pending = backlog.get(PROBE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            boolean saturated = dataSource.getHikariPoolMXBean().getThreadsAwaitingConnection() > 0;
            return new Probe(saturated ? State.SATURATED : State.OK, pending);
        } catch (TimeoutException | ExecutionException e) {
            return new Probe(State.UNREACHABLE, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(State.UNREACHABLE, null);
        }
    }

    /** One probe at a time: while one hangs on a silent network, later health checks wait for it, not pile up. */
    private synchronized Future<Long> startProbe() {
        if (probing == null || probing.isDone()) {
            probing = prober.submit(() -> probeJdbi.withHandle(handle ->
                    handle.createQuery("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL").mapTo(Long.class).one()));
        }
        return probing;
    }

    @Override
    public void close() {
        prober.shutdownNow();
        probeSource.close();
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
