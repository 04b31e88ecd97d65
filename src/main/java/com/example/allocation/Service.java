package com.example.allocation;

import com.example.allocation.entrypoints.http.Readiness;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The running service. Closing it stops taking requests, lets those in flight finish, then lets go of the rest. */
public final class Service implements AutoCloseable {

    private final int port;
    private final String database;
    private final Readiness readiness;
    private final List<AutoCloseable> parts;

    Service(int port, String database, Readiness readiness, List<AutoCloseable> parts) {
        this.port = port;
        this.database = database;
        this.readiness = readiness;
        this.parts = parts;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    /**
     * Stops as a service behind a load balancer should: not ready at once ({@code /health/ready} says 503), still
     * serving for {@code delay} while the balancer notices, then {@link #close()}.
     */
    public void stop(Duration delay) {
        readiness.drain();
        if (delay.isZero()) {
            close();
            return;
        }
        LoggerFactory.getLogger(Bootstrap.class).info("Not ready any more; serving for {} ms while load balancers notice",
                delay.toMillis());
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /** Stops the parts in the reverse order they started: HTTP first, the database last. */
    @Override
    public void close() {
        closeInReverse(parts);
    }

    static void closeInReverse(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                LoggerFactory.getLogger(Service.class).warn("Failed to stop {} cleanly", parts.get(i), e);
            }
        }
    }
}
