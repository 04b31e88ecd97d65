package com.example.allocation.servicelayer;

import java.time.Duration;

/**
 * When a change must be answered by: {@code WRITE_TIMEOUT_MS} after it arrived, on {@link System#nanoTime()}'s
 * clock — or none, for a message nobody waits on (Redis, Kafka), whose waits keep their own bounds. Every wait on a
 * change's way is cut at its deadline: its turn, a connection, each statement but the commit, a retry (docs/spec.md
 * §3, "Bounded waits").
 */
public final class Deadline {

    public static final Deadline NONE = new Deadline(0, true);

    private final long atNanos;
    private final boolean none;

    private Deadline(long atNanos, boolean none) {
        this.atNanos = atNanos;
        this.none = none;
    }

    /** {@code timeout} from now. */
    public static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos(), false);
    }

    public boolean isNone() {
        return none;
    }

    public boolean hasPassed() {
        return !none && System.nanoTime() - atNanos >= 0;
    }

    /** The time left, not below zero; {@link Long#MAX_VALUE} for none. */
    public long remainingNanos() {
        return none ? Long.MAX_VALUE : Math.max(0, atNanos - System.nanoTime());
    }

    /** The time left in whole milliseconds, rounded down: what a wait measured in them may take. */
    public long remainingMillis() {
        return none ? Long.MAX_VALUE : remainingNanos() / 1_000_000;
    }

    /** Whichever comes first: a batch of changes must be done by its earliest deadline. */
    public Deadline earlier(Deadline other) {
        if (none) {
            return other;
        }
        return other.none || atNanos - other.atNanos <= 0 ? this : other;
    }

    @Override
    public String toString() {
        return none ? "no deadline" : "deadline in " + remainingMillis() + " ms";
    }
}
