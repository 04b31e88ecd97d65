package com.example.allocation.servicelayer;

import java.time.Duration;

/**
 * The three kinds of retry in the service: a command whose commit lost a concurrency race (short waits,
 * many tries: a valid request must not fail for being unlucky), a failing event handler, and the
 * delivery of an outgoing message (longer waits: a receiver that is down needs time).
 */
public record Retries(Backoff conflicts, Backoff eventHandlers, Backoff deliveries) {

    public static final Retries DEFAULT = new Retries(
            new Backoff(100, Duration.ofMillis(1), Duration.ofMillis(100)),
            new Backoff(3, Duration.ofMillis(10), Duration.ofMillis(200)),
            new Backoff(3, Duration.ofMillis(100), Duration.ofSeconds(2)));
}
