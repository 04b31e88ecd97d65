package com.example.allocation;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The one way tests wait for something that happens on another thread (a relay round, a subscription, a
 * thread reaching a gate): on a condition they can observe, never for a length of time, and failing,
 * naming what did not happen, if it does not happen in time.
 */
public final class Eventually {

    /** Long enough for anything that is going to happen on a loaded 2-core machine; short enough to fail a stuck test. */
    public static final Duration PATIENCE = Duration.ofSeconds(10);

    private Eventually() {
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for: " + what, e);
            }
        }
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, PATIENCE, condition);
    }

    /** Waits for the latch to open; fails, naming it, if it has not within {@link #PATIENCE}. */
    public static void await(String what, CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("Not within " + PATIENCE + ": " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for: " + what, e);
        }
    }
}
