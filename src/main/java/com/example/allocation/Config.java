package com.example.allocation;

import com.example.allocation.adapters.Environment;
import com.example.allocation.adapters.email.SmtpNotifications;
import com.example.allocation.adapters.kafka.KafkaSettings;
import com.example.allocation.adapters.logging.LogFormat;
import com.example.allocation.adapters.persistence.Database;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.example.allocation.entrypoints.http.auth.AccessTokens;
import com.example.allocation.entrypoints.http.auth.RateLimits;
import com.example.allocation.domain.Hold;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The service's settings, read from environment variables (12-factor). Anything unset takes the
 * embedded default, so the service runs with no configuration at all: embedded database, no
 * authentication, and therefore listening on loopback only (docs/security.md). Who may call is read by
 * {@link AccessVariables}, where messages go by {@link MessagingVariables}; each settings type lives beside
 * what it configures.
 *
 * @param host the address to listen on; anything but loopback needs authentication, or {@code authDisabled}
 * @param port the HTTP port; 0 picks a free one
 * @param auth how access tokens are checked, or null to run without authentication
 * @param authDisabled true when the operator explicitly chose to run without authentication on any address
 * @param rateLimit the per-caller request rate, or null for none
 * @param database where the database is
 * @param databasePoolSize how many database connections to keep
 * @param databaseTimeouts how long a statement may run, a lock be waited for, a connection be waited for
 * @param redisUrl the Redis server for the channels of docs/spec.md §4, or null to log outgoing messages instead
 * @param smtp the mail server, or null to log emails instead
 * @param kafka the Kafka cluster and topics, or null to run without Kafka
 * @param stockEmail who hears about out-of-stock SKUs
 * @param outboxPollInterval how often the relay looks for messages a wake-up missed
 * @param commandLanes how many batches of commands run side by side (group commit)
 * @param writeTimeout the longest a change waits for its turn before it is refused with a 503
 * @param maxPendingWrites how many changes may be in flight at once; one more is refused with a 503
 * @param shutdownDelay how long, once told to stop, the service goes on serving while {@code /health/ready} says 503,
 *     so that a load balancer stops sending it requests before it stops taking them
 * @param holdTtl how long a checkout hold lasts when its caller does not say
 */
public record Config(String host, int port, AccessTokens.Settings auth, boolean authDisabled, RateLimits.Settings rateLimit,
        DatabaseUrl database, int databasePoolSize, Database.Timeouts databaseTimeouts,
        String redisUrl, SmtpNotifications.Server smtp, KafkaSettings kafka, String stockEmail, Duration outboxPollInterval, int commandLanes,
        Duration writeTimeout, int maxPendingWrites, Duration shutdownDelay, Duration holdTtl) {

    private static final String DEFAULT_HOST = "127.0.0.1";
    private static final int DEFAULT_PORT = 5005;
    private static final int DEFAULT_DATABASE_POOL_SIZE = 10;
    private static final String DEFAULT_STOCK_EMAIL = "stock@made.com";
    private static final Duration DEFAULT_OUTBOX_POLL = Duration.ofSeconds(5);
    private static final int DEFAULT_LANES = 1;
    private static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(5);
    private static final int DEFAULT_MAX_PENDING_WRITES = 128;
    private static final Duration DEFAULT_SHUTDOWN_DELAY = Duration.ofSeconds(5);

    /**
     * Every variable the service reads ({@code LOG_FORMAT} only to check it: the log reads it itself as it starts), each
     * of which may instead be given as a file named by {@code <VARIABLE>_FILE}; so may any {@code KAFKA_*}.
     */
    static final List<String> VARIABLES = Stream.of(List.of("HOST", "PORT", "DATABASE_URL", "DATABASE_POOL_SIZE",
                    "DATABASE_STATEMENT_TIMEOUT_MS", "DATABASE_LOCK_TIMEOUT_MS", "DATABASE_CONNECTION_TIMEOUT_MS", "STOCK_EMAIL",
                    "COMMAND_LANES", "WRITE_TIMEOUT_MS", "MAX_PENDING_WRITES", "SHUTDOWN_DELAY_MS", "HOLD_TTL_SECONDS", LogFormat.VARIABLE),
            AccessVariables.NAMES, MessagingVariables.NAMES).flatMap(List::stream).toList();

    public Config {
        if (auth == null && !authDisabled && !AccessVariables.isLoopback(host)) {
            throw new IllegalArgumentException("HOST " + host + " would let other machines change stock without authentication: "
                    + "set AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE (with AUTH_ISSUER and AUTH_AUDIENCE), "
                    + "or AUTH_DISABLED=true if something in front of the service authenticates every request");
        }
    }

    /** @throws IllegalArgumentException naming the variable that is wrong and what it should be */
    public static Config fromEnvironment(Map<String, String> environment) {
        Environment env = Environment.read(environment,
                name -> VARIABLES.contains(name) || name.startsWith(MessagingVariables.KAFKA));
        checkLogFormat(env);
        String redisUrl = MessagingVariables.redisUrl(env);
        Database.Timeouts defaults = Database.Timeouts.DEFAULT;
        int statementMillis = env.integer("DATABASE_STATEMENT_TIMEOUT_MS", (int) defaults.statement().toMillis(), 100, 600_000);
        int lockMillis = env.integer("DATABASE_LOCK_TIMEOUT_MS", (int) defaults.lock().toMillis(), 10, statementMillis);
        int connectionMillis = env.integer("DATABASE_CONNECTION_TIMEOUT_MS", (int) defaults.connection().toMillis(), 250, 600_000);
        return new Config(
                env.getOrDefault("HOST", DEFAULT_HOST).trim(),
                env.integer("PORT", DEFAULT_PORT, 0, 65_535),
                AccessVariables.auth(env),
                AccessVariables.authDisabled(env),
                AccessVariables.rateLimit(env),
                env.get("DATABASE_URL") != null ? DatabaseUrl.parse(env.get("DATABASE_URL")) : DatabaseUrl.EMBEDDED_DEFAULT,
                env.integer("DATABASE_POOL_SIZE", DEFAULT_DATABASE_POOL_SIZE, 1, 1_000),
                new Database.Timeouts(Duration.ofMillis(statementMillis), Duration.ofMillis(lockMillis), Duration.ofMillis(connectionMillis)),
                redisUrl,
                MessagingVariables.smtp(env),
                MessagingVariables.kafka(env),
                env.getOrDefault("STOCK_EMAIL", DEFAULT_STOCK_EMAIL),
                DEFAULT_OUTBOX_POLL,
                env.integer("COMMAND_LANES", DEFAULT_LANES, 1, 256),
                Duration.ofMillis(env.integer("WRITE_TIMEOUT_MS", (int) DEFAULT_WRITE_TIMEOUT.toMillis(), 100, 600_000)),
                env.integer("MAX_PENDING_WRITES", DEFAULT_MAX_PENDING_WRITES, 1, 100_000),
                Duration.ofMillis(env.integer("SHUTDOWN_DELAY_MS", (int) DEFAULT_SHUTDOWN_DELAY.toMillis(), 0, 600_000)),
                Duration.ofSeconds(env.integer("HOLD_TTL_SECONDS", (int) Hold.DEFAULT_TTL.toSeconds(), 1, (int) Hold.MAX_TTL.toSeconds())));
    }

    /**
     * Checks {@code LOG_FORMAT}, which the log itself reads as it starts (adapters.logging.LogFormat): a value it
     * does not know would otherwise leave the log in its default format without a word.
     */
    private static void checkLogFormat(Environment env) {
        String format = env.text(LogFormat.VARIABLE);
        if (format != null && !LogFormat.FORMATS.contains(format)) {
            throw new IllegalArgumentException("LOG_FORMAT must be text or json, got " + env.quoted(LogFormat.VARIABLE));
        }
    }
}
