package com.example.allocation.entrypoints.http;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Whether the service should be sent requests ({@code GET /health/ready}): its migrations are done (the API
 * only starts after them), its database answers, and it is not stopping. Once told to stop it says no at
 * once, while it goes on serving for a moment, so that a load balancer takes it out before it refuses anyone.
 */
public final class Readiness {

    private final BooleanSupplier databaseReachable;
    private volatile boolean draining;

    public Readiness(BooleanSupplier databaseReachable) {
        this.databaseReachable = databaseReachable;
    }

    /** From now on, not ready: the service is about to stop. */
    public void drain() {
        draining = true;
    }

    /** Why the service is not ready, or empty if it is. */
    Optional<String> problem() {
        if (draining) {
            return Optional.of("The service is stopping");
        }
        if (!databaseReachable.getAsBoolean()) {
            return Optional.of("The database does not answer");
        }
        return Optional.empty();
    }
}
