package com.example.allocation.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Bootstrap;
import com.example.allocation.DatabaseTest;
import com.example.allocation.Eventually;
import com.example.allocation.domain.AcceptedLine;
import com.example.allocation.domain.Batch;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.servicelayer.InterceptedUnitOfWork;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import com.example.allocation.servicelayer.writes.DirectBus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Optimistic concurrency on a real database: races are lost, retried and won, never oversold. */
class ConcurrencyIT extends DatabaseTest {

    private final AtomicInteger conflicts = new AtomicInteger();
    private final AtomicInteger lockingRetries = new AtomicInteger();

    private DirectBus bus(UnitOfWorkFactory units) {
        return Bootstrap.bus(units, Bootstrap.Settings.DEFAULT, () -> { });
    }

    /** What is stored of a product, read inside one unit of work (its lines are loaded on demand). */
    private record Stored(long version, List<Batch> batches, List<AcceptedLine> lines) {

        java.util.Optional<Batch> batch(String batchRef) {
            return batches.stream().filter(batch -> batch.batchRef().equals(batchRef)).findFirst();
        }
    }

    private Stored product(String sku) {
        try (UnitOfWork uow = database.unitsOfWork().start()) {
            Product product = uow.products().get(sku).orElseThrow();
            return new Stored(product.version(), product.batches(), product.lines());
        }
    }

    private static void runAtOnce(List<Callable<Void>> tasks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            for (Future<Void> result : threads.invokeAll(tasks)) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void two_instances_allocating_on_one_product_at_the_same_moment_both_succeed_one_after_a_retry() throws Exception {
        bus(database.unitsOfWork()).handle(new CreateBatch("batch1", "CONTESTED-LAMP", 10, null));
        long version = product("CONTESTED-LAMP").version();
        CountDownLatch bothReadyToCommit = new CountDownLatch(2);
        // Two buses stand for two instances of the service on one database: within one instance, commands on
        // one product share a lane and never race.
        DirectBus instance1 = bus(meetingBeforeCommit(bothReadyToCommit));
        DirectBus instance2 = bus(meetingBeforeCommit(bothReadyToCommit));

        runAtOnce(List.of(
                () -> { instance1.handle(new Allocate("order1", "CONTESTED-LAMP", 1)); return null; },
                () -> { instance2.handle(new Allocate("order2", "CONTESTED-LAMP", 1)); return null; }));

        Stored product = product("CONTESTED-LAMP");
        assertThat(conflicts).as("concurrency conflicts retried").hasPositiveValue();
        assertThat(lockingRetries).as("the lost race run again locking what it reads").hasPositiveValue();
        assertThat(product.version()).isEqualTo(version + 2);
        assertThat(product.lines()).extracting(AcceptedLine::batchRef).containsExactly("batch1", "batch1");
        assertThat(product.batch("batch1").map(Batch::availableQuantity)).contains(8);
    }

    @Test
    void thirty_two_concurrent_orders_through_two_instances_for_twenty_units_allocate_exactly_twenty_and_backorder_the_rest()
            throws Exception {
        List<DirectBus> instances = List.of(
                bus(() -> new InterceptedUnitOfWork(database.unitsOfWork().start(), () -> { }, conflicts)),
                bus(() -> new InterceptedUnitOfWork(database.unitsOfWork().start(), () -> { }, conflicts)));
        instances.get(0).handle(new CreateBatch("warehouse", "SCARCE-CHAIR", 12, null));
        instances.get(0).handle(new CreateBatch("shipment", "SCARCE-CHAIR", 8, java.time.LocalDate.of(2026, 12, 1)));
        List<Callable<Void>> orders = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String orderId = "order-" + i;
            DirectBus instance = instances.get(i % 2);
            orders.add(() -> {
                instance.handle(new Allocate(orderId, "SCARCE-CHAIR", 1));
                return null;
            });
        }

        runAtOnce(orders);

        Stored product = product("SCARCE-CHAIR");
        assertThat(product.lines()).hasSize(32);
        assertThat(product.lines()).filteredOn(AcceptedLine::isAllocated).hasSize(20);
        assertThat(product.lines()).filteredOn(AcceptedLine::isBackordered).hasSize(12);
        assertThat(product.batches()).extracting(Batch::availableQuantity).containsExactly(0, 0);
    }

    /**
     * Units of work on the database that wait for the other racer before committing; those that run a lost race again
     * lock what they read, as the service's do, and are counted.
     */
    private UnitOfWorkFactory meetingBeforeCommit(CountDownLatch readyToCommit) {
        return new UnitOfWorkFactory() {
            @Override
            public UnitOfWork start() {
                return new InterceptedUnitOfWork(database.unitsOfWork().start(), () -> meet(readyToCommit), conflicts);
            }

            @Override
            public UnitOfWorkFactory lockingWhatTheyRead() {
                return () -> {
                    lockingRetries.incrementAndGet();
                    return new InterceptedUnitOfWork(database.unitsOfWork().lockingWhatTheyRead().start(), () -> meet(readyToCommit), conflicts);
                };
            }
        };
    }

    /** Waits, before committing, until the other racer is ready to commit too, so both have read the same version. */
    private static void meet(CountDownLatch readyToCommit) {
        readyToCommit.countDown();
        Eventually.await("both racers ready to commit", readyToCommit);
    }
}
