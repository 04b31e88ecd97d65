package com.example.allocation;

import com.example.allocation.adapters.Secrets;
import com.example.allocation.adapters.persistence.Database;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import java.time.Duration;
import java.util.Map;

/**
 * The service's settings, read from environment variables (12-factor). Anything unset takes the
 * embedded default, so the service runs with no configuration at all.
 *
 * @param port the HTTP port; 0 picks a free one
 * @param database where the database is
 * @param databasePoolSize how many database connections to keep
 * @param databaseTimeouts how long a statement may run, a lock be waited for, a connection be waited for
 * @param redisUrl the Redis server for the channels of docs/spec.md §4, or null to log outgoing messages instead
 * @param smtp the mail server, or null to log emails instead
 * @param stockEmail who hears about out-of-stock SKUs
 * @param outboxPollInterval how often the relay looks for messages a wake-up missed
 * @param commandLanes how many batches of commands run side by side (group commit)
 * @param writeTimeout the longest a change waits for its turn before it is refused with a 503
 * @param maxPendingWrites how many changes may be in flight at once; one more is refused with a 503
 */
public record Config(int port, DatabaseUrl database, int databasePoolSize, Database.Timeouts databaseTimeouts,
        String redisUrl, Smtp smtp, String stockEmail, Duration outboxPollInterval, int commandLanes,
        Duration writeTimeout, int maxPendingWrites) {

    public static final int DEFAULT_PORT = 5005;
    public static final Duration DEFAULT_OUTBOX_POLL = Duration.ofSeconds(5);
    public static final int DEFAULT_LANES = 1;
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_PENDING_WRITES = 128;

    /** An SMTP server, and the address emails come from. */
    public record Smtp(String host, int port, String from) {

        public static final String DEFAULT_FROM = "allocations@example.com";
    }

    /** The embedded default, as a newcomer gets it, on another port and database: for tests. */
    public static Config embedded(int port, DatabaseUrl database) {
        return new Config(port, database, 8, Database.Timeouts.DEFAULT, null, null, "stock@made.com", DEFAULT_OUTBOX_POLL,
                DEFAULT_LANES, DEFAULT_WRITE_TIMEOUT, DEFAULT_MAX_PENDING_WRITES);
    }

    public Config withRedis(String url) {
        return new Config(port, database, databasePoolSize, databaseTimeouts, url, smtp, stockEmail, outboxPollInterval,
                commandLanes, writeTimeout, maxPendingWrites);
    }

    public Config withSmtp(String host, int smtpPort) {
        return new Config(port, database, databasePoolSize, databaseTimeouts, redisUrl, new Smtp(host, smtpPort, Smtp.DEFAULT_FROM),
                stockEmail, outboxPollInterval, commandLanes, writeTimeout, maxPendingWrites);
    }

    public Config withOutboxPollInterval(Duration interval) {
        return new Config(port, database, databasePoolSize, databaseTimeouts, redisUrl, smtp, stockEmail, interval,
                commandLanes, writeTimeout, maxPendingWrites);
    }

    /** @throws IllegalArgumentException naming the variable that is wrong and what it should be */
    public static Config fromEnvironment(Map<String, String> env) {
        String redisUrl = text(env, "REDIS_URL");
        if (redisUrl != null && !redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://")) {
            throw new IllegalArgumentException("REDIS_URL must look like redis://host:port, got '" + Secrets.redact(redisUrl) + "'");
        }
        String smtpHost = text(env, "SMTP_HOST");
        if (smtpHost == null && text(env, "SMTP_PORT") != null) {
            throw new IllegalArgumentException("SMTP_PORT is set but SMTP_HOST is not: set both to send email");
        }
        Database.Timeouts defaults = Database.Timeouts.DEFAULT;
        int statementMillis = integer(env, "DATABASE_STATEMENT_TIMEOUT_MS", (int) defaults.statement().toMillis(), 100, 600_000);
        int lockMillis = integer(env, "DATABASE_LOCK_TIMEOUT_MS", (int) defaults.lock().toMillis(), 10, statementMillis);
        int connectionMillis = integer(env, "DATABASE_CONNECTION_TIMEOUT_MS", (int) defaults.connection().toMillis(), 250, 600_000);
        return new Config(
                integer(env, "PORT", DEFAULT_PORT, 0, 65_535),
                env.containsKey("DATABASE_URL") ? DatabaseUrl.parse(env.get("DATABASE_URL")) : DatabaseUrl.EMBEDDED_DEFAULT,
                integer(env, "DATABASE_POOL_SIZE", 10, 1, 1_000),
                new Database.Timeouts(Duration.ofMillis(statementMillis), Duration.ofMillis(lockMillis), Duration.ofMillis(connectionMillis)),
                redisUrl,
                smtpHost == null ? null : new Smtp(smtpHost, integer(env, "SMTP_PORT", 25, 1, 65_535), Smtp.DEFAULT_FROM),
                env.getOrDefault("STOCK_EMAIL", "stock@made.com"),
                DEFAULT_OUTBOX_POLL,
                integer(env, "COMMAND_LANES", DEFAULT_LANES, 1, 256),
                Duration.ofMillis(integer(env, "WRITE_TIMEOUT_MS", (int) DEFAULT_WRITE_TIMEOUT.toMillis(), 100, 600_000)),
                integer(env, "MAX_PENDING_WRITES", DEFAULT_MAX_PENDING_WRITES, 1, 100_000));
    }

    private static String text(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int integer(Map<String, String> env, String name, int defaultValue, int min, int max) {
        String value = text(env, name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, with what would have been right
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }
}
