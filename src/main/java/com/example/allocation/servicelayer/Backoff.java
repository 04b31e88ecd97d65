package com.example.allocation.servicelayer;

import dev.failsafe.RetryPolicy;
import java.time.Duration;

/**
 * How to retry a failed attempt: at most {@code maxAttempts} tries in all, waiting between them from
 * {@code firstDelay} doubling up to {@code maxDelay}, each wait jittered so that contending threads
 * spread out instead of colliding again.
 */
public record Backoff(int maxAttempts, Duration firstDelay, Duration maxDelay) {

    public Backoff {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) <= 0) {
            throw new IllegalArgumentException("need 0 < firstDelay < maxDelay, got " + firstDelay + ", " + maxDelay);
        }
    }

    public RetryPolicy<Object> retrying(Class<? extends Throwable> failure) {
        return RetryPolicy.builder()
                .handle(failure)
                .withMaxAttempts(maxAttempts)
                .withBackoff(firstDelay, maxDelay)
                .withJitter(0.5)
                .build();
    }
}
