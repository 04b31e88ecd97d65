package com.example.allocation;

import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.example.allocation.entrypoints.http.auth.AccessTokens;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A service's configuration for a test, read as the service reads its own: from environment variables, on a free
 * port and the test's own database, with the two settings no variable reaches given directly (how often the outbox
 * is polled, a test issuer's keys).
 *
 * <pre>
 * Bootstrap.start(TestConfig.on(database).with("REDIS_URL", redis.url()).outboxPolledEvery(Duration.ofMillis(300)).build())
 * </pre>
 */
public final class TestConfig {

    private final DatabaseUrl database;
    // A smaller pool than the service's default, as TestDatabases.fresh has: a test run keeps many databases open on
    // one PostgreSQL server.
    private final Map<String, String> environment = new HashMap<>(Map.of("PORT", "0", "DATABASE_POOL_SIZE", "8"));
    private Duration outboxPollInterval;
    private AccessTokens.Settings auth;

    private TestConfig(DatabaseUrl database) {
        this.database = database;
    }

    /** The service as it runs with nothing configured, but on any free port and on {@code database}. */
    public static TestConfig on(DatabaseUrl database) {
        return new TestConfig(database);
    }

    /** As if the environment said {@code variable=value}. */
    public TestConfig with(String variable, String value) {
        environment.put(variable, value);
        return this;
    }

    /** The relay looks for messages a wake-up missed this often, so that a test of an outage need not wait long. */
    public TestConfig outboxPolledEvery(Duration interval) {
        outboxPollInterval = interval;
        return this;
    }

    /** Access tokens checked against a test's issuer, with its refresh interval. */
    public TestConfig authenticatedBy(AccessTokens.Settings settings) {
        auth = settings;
        return this;
    }

    public Config build() {
        Config read = Config.fromEnvironment(environment);
        return new Config(read.host(), read.port(), auth == null ? read.auth() : auth, read.authDisabled(), read.rateLimit(),
                database, read.databasePoolSize(), read.databaseTimeouts(), read.redisUrl(), read.smtp(), read.kafka(),
                read.stockEmail(), outboxPollInterval == null ? read.outboxPollInterval() : outboxPollInterval, read.commandLanes(),
                read.writeTimeout(), read.maxPendingWrites(), read.shutdownDelay(), read.holdTtl());
    }
}
