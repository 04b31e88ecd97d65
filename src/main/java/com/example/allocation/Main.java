package com.example.allocation;

import com.example.allocation.adapters.Secrets;
import io.javalin.util.ConcurrencyUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar target/allocation.jar}: starts the service as the environment configures it. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        Config config;
        try {
            config = Config.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            log.error("Cannot start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Bootstrap.Service service;
        try {
            service = Bootstrap.start(config);
        } catch (IllegalArgumentException e) {
            log.error("Cannot start: {}", e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            log.error("Cannot start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        log.info("Allocation service listening on {}:{} — authentication {}, database {} ({}), Redis {}, SMTP {}, Kafka {}, requests on {}, Java {}",
                config.host(), service.port(), config.auth() == null ? "off" : "on, " + Secrets.redact(config.auth().keySource()),
                service.database(), Secrets.redact(config.database().jdbcUrl()),
                config.redisUrl() == null ? "off (messages logged)" : Secrets.redact(config.redisUrl()),
                config.smtp() == null ? "off (emails logged)" : config.smtp(),
                config.kafka() == null ? "off" : config.kafka(),
                ConcurrencyUtil.isLoomAvailable() ? "virtual threads" : "a bounded thread pool",
                Runtime.version().feature());
        if (config.auth() == null && config.authDisabled()) {
            log.warn("Authentication is DISABLED (AUTH_DISABLED=true): anyone who can reach {}:{} may change stock. "
                    + "Only run like this behind something that authenticates every request.", config.host(), service.port());
        } else if (config.auth() == null) {
            log.info("No authentication is configured, so the service listens on loopback only, for local use; "
                    + "set AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE (docs/security.md) to serve other machines");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping: not ready, then no new requests; finishing those in flight");
            service.stop(config.shutdownDelay());
            log.info("Stopped");
        }, "shutdown"));
    }
}
