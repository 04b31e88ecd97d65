package com.example.allocation.entrypoints;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The one background thread each worker of the service runs its rounds on, and how it stops. */
final class Background {

    /** How long a stopping worker waits for the round in progress, before it interrupts it. */
    private static final long STOP_SECONDS = 30;

    private Background() {
    }

    /** A single daemon thread of this name: it never keeps the JVM alive, and a thread dump names its work. */
    static ScheduledExecutorService thread(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Lets the round in progress finish, for up to 30 s, and runs no other. */
    static void stop(ScheduledExecutorService thread) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
