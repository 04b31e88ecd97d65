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
        } catch (RuntimeException e) {
            log.error("Cannot start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        log.info("Allocation service listening on port {} — database {} ({}), Redis {}, SMTP {}, requests on {}, Java {}",
                service.port(), service.database(), Secrets.redact(config.database().jdbcUrl()),
                config.redisUrl() == null ? "off (messages logged)" : Secrets.redact(config.redisUrl()),
                config.smtp() == null ? "off (emails logged)" : config.smtp().host() + ":" + config.smtp().port(),
                ConcurrencyUtil.isLoomAvailable() ? "virtual threads" : "a bounded thread pool",
                Runtime.version().feature());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping: no new requests; finishing those in flight");
            service.close();
            log.info("Stopped");
        }, "shutdown"));
    }
}
