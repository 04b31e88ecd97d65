package com.example.allocation;

import com.example.allocation.adapters.Secrets;
import com.example.allocation.adapters.email.SmtpNotifications;
import com.example.allocation.adapters.logging.LogFormat;
import com.example.allocation.adapters.persistence.Database;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.example.allocation.entrypoints.http.AccessTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The service's settings, read from environment variables (12-factor). Anything unset takes the
 * embedded default, so the service runs with no configuration at all: embedded database, no
 * authentication, and therefore listening on loopback only (docs/security.md).
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
 */
public record Config(String host, int port, AccessTokens.Settings auth, boolean authDisabled, RateLimit rateLimit,
        DatabaseUrl database, int databasePoolSize, Database.Timeouts databaseTimeouts,
        String redisUrl, SmtpNotifications.Server smtp, Kafka kafka, String stockEmail, Duration outboxPollInterval, int commandLanes,
        Duration writeTimeout, int maxPendingWrites, Duration shutdownDelay) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5005;
    public static final Duration DEFAULT_OUTBOX_POLL = Duration.ofSeconds(5);
    public static final int DEFAULT_LANES = 1;
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_PENDING_WRITES = 128;
    public static final Duration DEFAULT_SHUTDOWN_DELAY = Duration.ofSeconds(5);

    /** Every variable the service reads; each may instead be given as a file named by {@code <VARIABLE>_FILE}. */
    static final List<String> VARIABLES = List.of("HOST", "PORT",
            "AUTH_JWKS_URL", "AUTH_PUBLIC_KEY_FILE", "AUTH_ISSUER", "AUTH_AUDIENCE", "AUTH_DISABLED",
            "RATE_LIMIT_PER_SECOND", "RATE_LIMIT_BURST",
            "DATABASE_URL", "DATABASE_POOL_SIZE", "DATABASE_STATEMENT_TIMEOUT_MS", "DATABASE_LOCK_TIMEOUT_MS",
            "DATABASE_CONNECTION_TIMEOUT_MS", "REDIS_URL", "SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD",
            "SMTP_TLS", "SMTP_FROM", "STOCK_EMAIL", "COMMAND_LANES", "WRITE_TIMEOUT_MS", "MAX_PENDING_WRITES",
            "SHUTDOWN_DELAY_MS");

    /**
     * Kafka: where the cluster is, the topics, and every other client setting, passed through as given.
     *
     * @param clientSettings Kafka client properties, {@code bootstrap.servers} among them, from the
     *     {@code KAFKA_*} variables: {@code KAFKA_SECURITY_PROTOCOL=SASL_SSL} is {@code security.protocol=SASL_SSL}
     * @param eventsTopic where every domain event is published
     * @param commandsTopic where commands are read from
     * @param deadLetterTopic where commands that cannot be applied go, with the reason
     * @param groupId the consumer group the service's instances share
     */
    public record Kafka(Map<String, Object> clientSettings, String eventsTopic, String commandsTopic, String deadLetterTopic,
            String groupId) {

        public static final String EVENTS_TOPIC = "allocation.events";
        public static final String COMMANDS_TOPIC = "allocation.commands";
        public static final String GROUP_ID = "allocation-service";
        /** Variables of the service's own, not Kafka client properties. */
        static final Set<String> OWN = Set.of("KAFKA_EVENTS_TOPIC", "KAFKA_COMMANDS_TOPIC", "KAFKA_DLQ_TOPIC", "KAFKA_GROUP_ID");

        public Kafka {
            clientSettings = Map.copyOf(clientSettings);
        }

        public static Kafka at(String bootstrapServers) {
            return new Kafka(Map.of("bootstrap.servers", bootstrapServers), EVENTS_TOPIC, COMMANDS_TOPIC, COMMANDS_TOPIC + ".dlq", GROUP_ID);
        }

        /** Where it is, for a log line: the bootstrap servers only, never a client setting that may hold a secret. */
        @Override
        public String toString() {
            return clientSettings.get("bootstrap.servers") + " (events " + eventsTopic + ", commands " + commandsTopic + ")";
        }
    }

    /** A request rate per caller: {@code perSecond} on average, up to {@code burst} at once. */
    public record RateLimit(int perSecond, int burst) {
    }

    public Config {
        if (auth == null && !authDisabled && !isLoopback(host)) {
            throw new IllegalArgumentException("HOST " + host + " would let other machines change stock without authentication: "
                    + "set AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE (with AUTH_ISSUER and AUTH_AUDIENCE), "
                    + "or AUTH_DISABLED=true if something in front of the service authenticates every request");
        }
    }

    /** The embedded default, as a newcomer gets it, on another port and database: for tests. */
    public static Config embedded(int port, DatabaseUrl database) {
        return new Config(DEFAULT_HOST, port, null, false, null, database, 8, Database.Timeouts.DEFAULT, null, null, null,
                "stock@made.com", DEFAULT_OUTBOX_POLL, DEFAULT_LANES, DEFAULT_WRITE_TIMEOUT, DEFAULT_MAX_PENDING_WRITES, Duration.ZERO);
    }

    public Config withRedis(String url) {
        return new Config(host, port, auth, authDisabled, rateLimit, database, databasePoolSize, databaseTimeouts, url, smtp, kafka,
                stockEmail, outboxPollInterval, commandLanes, writeTimeout,
                maxPendingWrites, shutdownDelay);
    }

    public Config withSmtp(String smtpHost, int smtpPort) {
        return new Config(host, port, auth, authDisabled, rateLimit, database, databasePoolSize, databaseTimeouts, redisUrl,
                SmtpNotifications.Server.plain(smtpHost, smtpPort), kafka, stockEmail, outboxPollInterval, commandLanes, writeTimeout,
                maxPendingWrites, shutdownDelay);
    }

    public Config withOutboxPollInterval(Duration interval) {
        return new Config(host, port, auth, authDisabled, rateLimit, database, databasePoolSize, databaseTimeouts, redisUrl, smtp, kafka,
                stockEmail, interval, commandLanes, writeTimeout,
                maxPendingWrites, shutdownDelay);
    }

    public Config withAuth(AccessTokens.Settings settings) {
        return new Config(host, port, settings, authDisabled, rateLimit, database, databasePoolSize, databaseTimeouts, redisUrl,
                smtp, kafka, stockEmail, outboxPollInterval, commandLanes, writeTimeout,
                maxPendingWrites, shutdownDelay);
    }

    public Config withKafka(Kafka settings) {
        return new Config(host, port, auth, authDisabled, rateLimit, database, databasePoolSize, databaseTimeouts, redisUrl,
                smtp, settings, stockEmail, outboxPollInterval, commandLanes, writeTimeout,
                maxPendingWrites, shutdownDelay);
    }

    public Config withShutdownDelay(Duration delay) {
        return new Config(host, port, auth, authDisabled, rateLimit, database, databasePoolSize, databaseTimeouts, redisUrl,
                smtp, kafka, stockEmail, outboxPollInterval, commandLanes, writeTimeout, maxPendingWrites, delay);
    }

    public Config withRateLimit(RateLimit limit) {
        return new Config(host, port, auth, authDisabled, limit, database, databasePoolSize, databaseTimeouts, redisUrl,
                smtp, kafka, stockEmail, outboxPollInterval, commandLanes, writeTimeout,
                maxPendingWrites, shutdownDelay);
    }

    /**
     * The variables as the service reads them: each {@code <VARIABLE>_FILE} replaced by the file's content (the
     * container-secrets convention), a final line break dropped. A value from a file is never repeated in an
     * error: only the file's name is.
     */
    record Env(Map<String, String> values, Set<String> fromFiles) {

        String get(String name) {
            return values.get(name);
        }

        String getOrDefault(String name, String defaultValue) {
            return values.getOrDefault(name, defaultValue);
        }

        boolean containsKey(String name) {
            return values.containsKey(name);
        }

        /** The value as an error message may quote it. */
        String quoted(String name) {
            return fromFiles.contains(name) ? "the content of " + name + "_FILE" : "'" + values.get(name) + "'";
        }
    }

    /** @throws IllegalArgumentException naming the variable that is wrong and what it should be */
    public static Config fromEnvironment(Map<String, String> environment) {
        Env env = withFiles(environment);
        checkLogFormat(env);
        String redisUrl = text(env, "REDIS_URL");
        if (redisUrl != null && !redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://")) {
            throw new IllegalArgumentException("REDIS_URL must look like redis://host:port or rediss://host:port, got '"
                    + Secrets.redact(redisUrl) + "'");
        }
        Database.Timeouts defaults = Database.Timeouts.DEFAULT;
        int statementMillis = integer(env, "DATABASE_STATEMENT_TIMEOUT_MS", (int) defaults.statement().toMillis(), 100, 600_000);
        int lockMillis = integer(env, "DATABASE_LOCK_TIMEOUT_MS", (int) defaults.lock().toMillis(), 10, statementMillis);
        int connectionMillis = integer(env, "DATABASE_CONNECTION_TIMEOUT_MS", (int) defaults.connection().toMillis(), 250, 600_000);
        return new Config(
                env.getOrDefault("HOST", DEFAULT_HOST).trim(),
                integer(env, "PORT", DEFAULT_PORT, 0, 65_535),
                auth(env),
                authDisabled(env),
                rateLimit(env),
                env.containsKey("DATABASE_URL") ? DatabaseUrl.parse(env.get("DATABASE_URL")) : DatabaseUrl.EMBEDDED_DEFAULT,
                integer(env, "DATABASE_POOL_SIZE", 10, 1, 1_000),
                new Database.Timeouts(Duration.ofMillis(statementMillis), Duration.ofMillis(lockMillis), Duration.ofMillis(connectionMillis)),
                redisUrl,
                smtp(env),
                kafka(env),
                env.getOrDefault("STOCK_EMAIL", "stock@made.com"),
                DEFAULT_OUTBOX_POLL,
                integer(env, "COMMAND_LANES", DEFAULT_LANES, 1, 256),
                Duration.ofMillis(integer(env, "WRITE_TIMEOUT_MS", (int) DEFAULT_WRITE_TIMEOUT.toMillis(), 100, 600_000)),
                integer(env, "MAX_PENDING_WRITES", DEFAULT_MAX_PENDING_WRITES, 1, 100_000),
                Duration.ofMillis(integer(env, "SHUTDOWN_DELAY_MS", (int) DEFAULT_SHUTDOWN_DELAY.toMillis(), 0, 600_000)));
    }

    /**
     * Checks {@code LOG_FORMAT}, which the log itself reads as it starts (adapters.logging.LogFormat): a value it
     * does not know would otherwise leave the log in its default format without a word.
     */
    private static void checkLogFormat(Env env) {
        String format = text(env, "LOG_FORMAT");
        if (format != null && !LogFormat.FORMATS.contains(format)) {
            throw new IllegalArgumentException("LOG_FORMAT must be text or json, got " + env.quoted("LOG_FORMAT"));
        }
    }

    static Env withFiles(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        Set<String> fromFiles = new HashSet<>();
        Set<String> names = new HashSet<>(VARIABLES);
        environment.keySet().stream().filter(name -> name.startsWith("KAFKA_") && name.endsWith("_FILE"))
                .forEach(name -> names.add(name.substring(0, name.length() - "_FILE".length())));
        for (String name : names) {
            String file = text(environment, name + "_FILE");
            if (file == null) {
                continue;
            }
            if (text(environment, name) != null) {
                throw new IllegalArgumentException("Both " + name + " and " + name + "_FILE are set: set one");
            }
            try {
                String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                env.put(name, content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                        : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content);
                fromFiles.add(name);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(name + "_FILE names a file that cannot be read: " + file
                        + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return new Env(env, fromFiles);
    }

    private static AccessTokens.Settings auth(Env env) {
        String jwks = text(env, "AUTH_JWKS_URL");
        String keyFile = text(env, "AUTH_PUBLIC_KEY_FILE");
        if (jwks == null && keyFile == null) {
            for (String orphan : List.of("AUTH_ISSUER", "AUTH_AUDIENCE")) {
                if (text(env, orphan) != null) {
                    throw new IllegalArgumentException(orphan + " is set but neither AUTH_JWKS_URL nor AUTH_PUBLIC_KEY_FILE is: "
                            + "set one of them to turn authentication on");
                }
            }
            return null;
        }
        if (jwks != null && keyFile != null) {
            throw new IllegalArgumentException("AUTH_JWKS_URL and AUTH_PUBLIC_KEY_FILE are both set: set one");
        }
        if (authDisabled(env)) {
            throw new IllegalArgumentException("AUTH_DISABLED=true contradicts " + (jwks != null ? "AUTH_JWKS_URL" : "AUTH_PUBLIC_KEY_FILE"));
        }
        String audience = text(env, "AUTH_AUDIENCE");
        Set<String> audiences = audience == null ? Set.of()
                : new LinkedHashSet<>(Arrays.stream(audience.split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList());
        return new AccessTokens.Settings(jwks == null ? null : jwksUrl(jwks), keyFile == null ? null : Path.of(keyFile),
                text(env, "AUTH_ISSUER"), audiences, AccessTokens.Settings.DEFAULT_MIN_REFRESH_INTERVAL);
    }

    /** An https URL; plain http only to this machine, where no one on the way can swap the keys. */
    private static URI jwksUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("AUTH_JWKS_URL is not a valid URL: " + e.getReason());
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean http = "http".equalsIgnoreCase(uri.getScheme());
        if (uri.getHost() == null || !(https || http && isLoopback(uri.getHost()))) {
            throw new IllegalArgumentException("AUTH_JWKS_URL must be an https:// URL (http:// only to this machine), got " + uri);
        }
        return uri;
    }

    private static boolean authDisabled(Env env) {
        String value = text(env, "AUTH_DISABLED");
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException("AUTH_DISABLED must be true or false, got '" + value + "'");
    }

    private static RateLimit rateLimit(Env env) {
        if (text(env, "RATE_LIMIT_PER_SECOND") == null) {
            if (text(env, "RATE_LIMIT_BURST") != null) {
                throw new IllegalArgumentException("RATE_LIMIT_BURST is set but RATE_LIMIT_PER_SECOND is not");
            }
            return null;
        }
        int perSecond = integer(env, "RATE_LIMIT_PER_SECOND", 0, 1, 1_000_000);
        return new RateLimit(perSecond, integer(env, "RATE_LIMIT_BURST", 2 * perSecond, 1, 10_000_000));
    }

    /** Kafka from {@code KAFKA_BOOTSTRAP_SERVERS}; any other {@code KAFKA_X_Y} is the client property {@code x.y}. */
    private static Kafka kafka(Env env) {
        String bootstrap = text(env, "KAFKA_BOOTSTRAP_SERVERS");
        Map<String, Object> client = new HashMap<>();
        env.values().forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && !name.endsWith("_FILE") && !Kafka.OWN.contains(name) && value != null) {
                client.put(name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        if (bootstrap == null) {
            if (!client.isEmpty() || Kafka.OWN.stream().anyMatch(name -> text(env, name) != null)) {
                throw new IllegalArgumentException("Kafka settings are given but KAFKA_BOOTSTRAP_SERVERS is not: set it to turn Kafka on");
            }
            return null;
        }
        String commands = env.getOrDefault("KAFKA_COMMANDS_TOPIC", Kafka.COMMANDS_TOPIC).trim();
        return new Kafka(client, env.getOrDefault("KAFKA_EVENTS_TOPIC", Kafka.EVENTS_TOPIC).trim(), commands,
                env.getOrDefault("KAFKA_DLQ_TOPIC", commands + ".dlq").trim(), env.getOrDefault("KAFKA_GROUP_ID", Kafka.GROUP_ID).trim());
    }

    private static SmtpNotifications.Server smtp(Env env) {
        String host = text(env, "SMTP_HOST");
        if (host == null) {
            for (String orphan : List.of("SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_TLS")) {
                if (text(env, orphan) != null) {
                    throw new IllegalArgumentException(orphan + " is set but SMTP_HOST is not: set SMTP_HOST to send email");
                }
            }
            return null;
        }
        String user = text(env, "SMTP_USER");
        String password = env.get("SMTP_PASSWORD");
        if (user == null && password != null) {
            throw new IllegalArgumentException("SMTP_PASSWORD is set but SMTP_USER is not");
        }
        SmtpNotifications.Security security = text(env, "SMTP_TLS") == null ? SmtpNotifications.Security.NONE
                : SmtpNotifications.Security.parse(text(env, "SMTP_TLS"));
        int defaultPort = switch (security) {
            case NONE -> 25;
            case STARTTLS -> 587;
            case TLS -> 465;
        };
        return new SmtpNotifications.Server(host, integer(env, "SMTP_PORT", defaultPort, 1, 65_535),
                env.getOrDefault("SMTP_FROM", SmtpNotifications.Server.DEFAULT_FROM), user,
                user == null ? null : password == null ? "" : password, security);
    }

    /** Whether {@code host} is this machine's loopback address: reachable from this machine alone. */
    static boolean isLoopback(String host) {
        if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            return Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("HOST " + host + " is not an address of this machine");
        }
    }

    private static String text(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String text(Env env, String name) {
        return text(env.values(), name);
    }

    private static int integer(Env env, String name, int defaultValue, int min, int max) {
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
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got " + env.quoted(name));
    }
}
