package com.example.allocation.entrypoints;

import com.example.allocation.domain.commands.ExpireHold;
import com.example.allocation.servicelayer.messagebus.CommandBus;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.ports.StorageTimeout;
import com.example.allocation.servicelayer.ports.StorageUnavailable;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires the checkout holds whose time has passed (docs/spec.md §2, rule 15), on one background thread, every
 * {@link #EVERY}: one {@link ExpireHold} command per hold, through the bus like any other, so that the expiry is
 * announced and the products nobody touches give their stock to waiting lines. A hold expires at its instant whether
 * or not this has run; this only makes it known. Every instance sweeps: a hold two of them expire at once is expired
 * once, the second finding nothing left to do.
 */
public final class HoldSweeper implements AutoCloseable {

    /** Often enough that every expiry is announced well within the minute the spec promises, even after a slow round. */
    public static final Duration EVERY = Duration.ofSeconds(10);
    private static final int PER_READ = 100;
    private static final Logger log = LoggerFactory.getLogger(HoldSweeper.class);

    private final UnitOfWorkFactory units;
    private final CommandBus bus;
    private final Clock clock;
    private final ScheduledExecutorService thread = Background.thread("hold-sweeper");

    public HoldSweeper(UnitOfWorkFactory units, CommandBus bus, Clock clock) {
        this.units = units;
        this.bus = bus;
        this.clock = clock;
    }

    public HoldSweeper start() {
        thread.scheduleWithFixedDelay(this::sweepLogged, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Expires every hold recorded active whose expiry has passed; returns how many it expired. */
    public int sweep() {
        int expired = 0;
        List<String> due;
        do {
            try (UnitOfWork uow = units.start()) {
                due = uow.holds().expiredBy(clock.instant(), PER_READ);
            }
            for (String holdId : due) {
                bus.handle(new ExpireHold(holdId), Origin.UNAUTHENTICATED.correlatedBy(Origin.newCorrelationId()));
                expired++;
            }
        } while (due.size() == PER_READ);
        return expired;
    }

    private void sweepLogged() {
        try {
            int expired = sweep();
            if (expired > 0) {
                log.info("Expired {} checkout holds whose time had passed", expired);
            }
        } catch (StorageUnavailable | StorageTimeout databaseNotNow) {
            log.warn("Hold sweep failed ({}); the next one will try again", databaseNotNow.getCause());
        } catch (RuntimeException e) {
            log.warn("Hold sweep failed; the next one will try again", e);
        }
    }

    /** Finishes the sweep in progress, then stops; what is left is swept by the next start, or by another instance. */
    @Override
    public void close() {
        Background.stop(thread);
    }
}
