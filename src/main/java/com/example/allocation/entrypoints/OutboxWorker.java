package com.example.allocation.entrypoints;

import com.example.allocation.servicelayer.outbox.OutboxRelay;
import com.example.allocation.servicelayer.ports.Outbox;
import com.example.allocation.servicelayer.ports.StorageTimeout;
import com.example.allocation.servicelayer.ports.StorageUnavailable;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import com.example.allocation.servicelayer.writes.InboxStep;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link OutboxRelay} on one background thread: woken after each commit, so messages leave at
 * once (under load, {@link #MIN_GAP} after the round before), and every {@code pollInterval} as a safety
 * net for anything a wake-up missed (a crash, a restart,
 * a receiver that was down). Wake-ups that arrive while a round is pending collapse into that round, and
 * a single thread keeps each destination's messages in order.
 */
public final class OutboxWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);

    /**
     * Rounds woken by commits start at least this far apart. Each round costs the same few round trips to the
     * database however many messages it takes, so under load, when commits come every few milliseconds, rounds
     * this far apart each take more messages for the same cost; a commit after a quiet spell is relayed at once.
     */
    static final Duration MIN_GAP = Duration.ofMillis(10);

    private final OutboxRelay relay;
    private final UnitOfWorkFactory inbox;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    /** When the latest round started (System.nanoTime); written and read by the worker's thread and by wake(). */
    private volatile long lastRoundStart = System.nanoTime() - MIN_GAP.toNanos();

    /**
     * @param retention how long delivered messages are kept before an hourly clean-up deletes them
     * @param inbox the units of work in which the hourly clean-up also forgets old inbound messages
     */
    public OutboxWorker(OutboxRelay relay, Duration pollInterval, Duration retention, UnitOfWorkFactory inbox) {
        this.relay = relay;
        this.inbox = inbox;
        this.thread = Background.thread("outbox-relay");
        thread.scheduleWithFixedDelay(this::relayRound, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(() -> cleanUp(retention), 1, 60, TimeUnit.MINUTES);
    }

    /** Asks for a relay round soon; returns at once. */
    public void wake() {
        if (wakeUpPending.compareAndSet(false, true)) {
            try {
                thread.schedule(() -> {
                    wakeUpPending.set(false);
                    relayRound();
                }, Math.max(0, lastRoundStart + MIN_GAP.toNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                // Shutting down: the message waits in the outbox for the next start.
            }
        }
    }

    private void relayRound() {
        lastRoundStart = System.nanoTime();
        try {
            relay.relayPending();
        } catch (StorageUnavailable | StorageTimeout databaseNotNow) {
            // The database's state, not a fault: one line, not a stack trace every few seconds of an outage.
            log.warn("Outbox relay round failed ({}); the next round will try again", databaseNotNow.getCause());
        } catch (RuntimeException e) {
            log.warn("Outbox relay round failed; the next round will try again", e);
        }
    }

    private void cleanUp(Duration retention) {
        try {
            int deleted = relay.deleteDelivered(retention);
            if (deleted > 0) {
                log.info("Deleted {} delivered outbox messages older than {}", deleted, retention);
            }
            InboxStep.forgetOldMessages(inbox);
        } catch (RuntimeException e) {
            log.warn("Outbox and inbox clean-up failed; it runs again in an hour", e);
        }
    }

    /** Finishes the round in progress, then stops; what is left waits in the outbox for the next start. */
    @Override
    public void close() {
        Background.stop(thread);
    }
}
