package com.example.allocation.servicelayer.writes;

import com.example.allocation.domain.Product;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.refusals.AllocationException;
import com.example.allocation.servicelayer.Deadline;
import com.example.allocation.servicelayer.messagebus.CommandBus;
import com.example.allocation.servicelayer.messagebus.CommandType;
import com.example.allocation.servicelayer.messagebus.Commands;
import com.example.allocation.servicelayer.messagebus.Envelope;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.ports.StorageTimeout;
import com.example.allocation.servicelayer.ports.StorageUnavailable;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit, beyond the book: commands that arrive together are handled by the {@link DirectBus} in one
 * unit of work and one commit, each keeping its own outcome. The service would behave the same without it,
 * one commit per command, only slower (docs/decisions.md, decisions 14 and 18).
 *
 * <p>Commands go to lanes ({@link Lanes}) by the product they change (the catalogue's routing key), so all of one product's
 * commands meet in one lane and never race each other in this process. What stays true for each caller:
 * <ul>
 *   <li>it is answered only after the commit that holds its change;</li>
 *   <li>a command the rules refuse fails alone, and changes nothing;</li>
 *   <li>if the batch fails in any other way, each of its commands runs again alone, in its caller's thread,
 *       so that none fails for another's sake and a slow one holds up no lane;</li>
 *   <li>events, the outbox and the retries of a lost race are the bus's, as for a command on its own.</li>
 * </ul>
 *
 * <p>And every write is bounded (decision 19): at most {@code maxWaiting} commands are in flight — one more
 * is refused at once with {@link ServiceBusy}, so piled-up writes cannot take every request thread — and
 * each gets {@code writeTimeout}: a command still waiting for its turn when that has passed is dropped,
 * never to run. A product whose command timed out on the database (a lock held elsewhere) is "stalled": its
 * commands run alone, at most {@code soloRuns} at a time, until one succeeds, so a lock on one product does
 * not hold up the batches of all the others.
 */
public final class GroupCommit implements CommandBus {

    /** The most commands one transaction takes. */
    public static final int DEFAULT_MAX_BATCH = 64;

    /**
     * The most products remembered as stalled. Past it the list starts again: a product still stalled is found
     * out again by its next command, at the cost of one batch that waits for its lock.
     */
    private static final int MAX_STALLED_PRODUCTS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** How group commit is bounded; see the class comment. */
    public record Limits(int lanes, int maxBatch, int maxWaiting, int soloRuns, Duration writeTimeout) {

        public Limits {
            if (lanes < 1 || maxBatch < 1 || maxWaiting < 1 || soloRuns < 1 || writeTimeout.isNegative() || writeTimeout.isZero()) {
                throw new IllegalArgumentException("group commit needs positive limits, got " + this);
            }
        }
    }

    private final DirectBus bus;
    private final UnitOfWorkFactory units;
    private final Lanes lanes;
    private final boolean routeByProduct;
    private final Duration writeTimeout;
    private final Semaphore inFlight;
    private final Semaphore soloRuns;
    private final Set<String> stalledProducts = ConcurrentHashMap.newKeySet();
    private final DistributionSummary batchSizes;

    public GroupCommit(DirectBus bus, UnitOfWorkFactory units, Limits limits) {
        this(bus, units, limits, new CompositeMeterRegistry());
    }

    /**
     * @param meters where the sizes of the batches are recorded: {@code allocation_group_commit_batch_size}, commands per
     *     transaction
     */
    public GroupCommit(DirectBus bus, UnitOfWorkFactory units, Limits limits, MeterRegistry meters) {
        this.bus = bus;
        this.units = units;
        this.lanes = new Lanes(limits.lanes(), limits.maxBatch(), this::run);
        this.routeByProduct = limits.lanes() > 1;
        this.writeTimeout = limits.writeTimeout();
        this.inFlight = new Semaphore(limits.maxWaiting());
        this.soloRuns = new Semaphore(limits.soloRuns());
        this.batchSizes = DistributionSummary.builder("allocation.group.commit.batch.size")
                .description("Commands committed together in one transaction by group commit")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256).register(meters);
    }

    /** @throws ServiceBusy if too many commands are in flight, or this one's turn did not come in time */
    @Override
    public void handle(Command command, Origin origin) {
        Deadline deadline = Deadline.after(writeTimeout);
        if (!inFlight.tryAcquire()) {
            throw new ServiceBusy("Too many changes are waiting to be made");
        }
        String product = null;
        try {
            product = routeByProduct || !stalledProducts.isEmpty() ? productOf(command) : null;
            boolean stalled = product != null && stalledProducts.contains(product);
            Envelope envelope = new Envelope(command, origin, null, deadline);
            if (stalled || !lanes.run(envelope, routeByProduct ? product.hashCode() : 0)) {
                runAlone(envelope);
            }
            answered(product);
        } catch (AllocationException refused) {
            answered(product);
            throw refused;
        } catch (StorageTimeout e) {
            stalled(product, command);
            throw e;
        } finally {
            inFlight.release();
        }
    }

    /** The SKU of the product the command changes, by the catalogue's routing key. */
    String productOf(Command command) {
        return Commands.of(command).routeOf(command, new CommandType.Stored() {
            @Override
            public String skuOfBatch(String batchRef) {
                try (UnitOfWork uow = units.start()) {
                    return uow.products().getByBatchRef(batchRef).map(Product::sku).orElse(batchRef);
                }
            }

            @Override
            public String skuOfHold(String holdId) {
                try (UnitOfWork uow = units.start()) {
                    return uow.holds().get(holdId).map(hold -> hold.lines().get(0).sku()).orElse(holdId);
                }
            }
        });
    }

    /** How many commands wait in the lanes for their turn. */
    int waiting() {
        return lanes.waiting();
    }

    /** Products whose commands run alone, because one of them timed out waiting for the database. */
    Set<String> stalledProducts() {
        return Set.copyOf(stalledProducts);
    }

    private void run(List<Lanes.Pending> batch) {
        batchSizes.record(batch.size());
        List<Optional<AllocationException>> refusals;
        try {
            refusals = bus.handleTogether(batch.stream().map(pending -> pending.envelope).toList());
        } catch (RuntimeException e) {
            if (batch.size() == 1 || e instanceof StorageUnavailable) {
                // Alone, a command would meet the same database that could not be reached: answer all now.
                batch.forEach(pending -> pending.fail(e));
                return;
            }
            log.warn("A batch of {} commands failed together ({}); each runs again alone", batch.size(), e.toString());
            batch.forEach(Lanes.Pending::handBack);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Lanes.Pending pending = batch.get(i);
            refusals.get(i).ifPresentOrElse(pending::fail, pending::succeed);
        }
    }

    /**
     * Runs the command in a unit of work of its own, in the caller's thread, when a solo run is free before its deadline;
     * its waits on the database end at that deadline too.
     */
    private void runAlone(Envelope envelope) {
        try {
            if (!soloRuns.tryAcquire(envelope.deadline().remainingNanos(), TimeUnit.NANOSECONDS)) {
                throw new ServiceBusy("The change waited too long for its turn");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceBusy("The change was interrupted before its turn");
        }
        try {
            if (envelope.deadline().hasPassed()) {
                throw new ServiceBusy("The change waited too long for its turn");
            }
            bus.handle(envelope);
        } finally {
            soloRuns.release();
        }
    }

    private void answered(String product) {
        if (product != null && stalledProducts.remove(product)) {
            log.info("Product {} answers again; its commands are grouped again", product);
        }
    }

    private void stalled(String knownProduct, Command command) {
        String product = knownProduct;
        if (product == null) {
            try {
                product = productOf(command);
            } catch (RuntimeException unknown) {
                return;
            }
        }
        if (stalledProducts.size() >= MAX_STALLED_PRODUCTS) {
            stalledProducts.clear();
        }
        if (stalledProducts.add(product)) {
            log.warn("A command on product {} timed out waiting for the database; its commands run alone until one succeeds", product);
        }
    }
}
