package com.example.allocation.servicelayer.writes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.Eventually;
import com.example.allocation.domain.AcceptedLine;
import com.example.allocation.domain.Batch;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.domain.refusals.InvalidSku;
import com.example.allocation.servicelayer.FakeService;
import com.example.allocation.servicelayer.FakeStore;
import com.example.allocation.servicelayer.InterceptedUnitOfWork;
import com.example.allocation.servicelayer.messagebus.CommandHandler;
import com.example.allocation.servicelayer.messagebus.Handlers;
import com.example.allocation.servicelayer.ports.StorageTimeout;
import com.example.allocation.servicelayer.ports.StorageUnavailable;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group commit in front of the real bus, on fakes: batching, each caller's own outcome, and lanes by product. */
class GroupCommitTest {

    private final FakeStore store = new FakeStore();
    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    private static GroupCommit.Limits limits(int lanes, int maxBatch) {
        return new GroupCommit.Limits(lanes, maxBatch, 128, 4, Duration.ofSeconds(30));
    }


    @Test
    void commands_that_arrive_together_commit_together_each_with_its_own_outcome() throws Exception {
        FirstCommitGate gate = new FirstCommitGate();
        GroupCommit commands = new GroupCommit(FakeService.commandsOnly(gate.around(store::start)).build(), store::start, limits(1, 32));
        Future<?> leader = callers.submit(() -> commands.handle(new CreateBatch("b1", "LAMP", 10, null)));
        Eventually.await("the first commit reached the gate", gate.reached);
        int commitsBefore = store.commits();
        Future<?> fits = callers.submit(() -> commands.handle(new Allocate("o1", "LAMP", 4)));
        Future<?> unknownSku = callers.submit(() -> commands.handle(new Allocate("o2", "NO-SUCH-SKU", 1)));
        Future<?> alsoFits = callers.submit(() -> commands.handle(new Allocate("o3", "LAMP", 6)));
        Eventually.await("three commands queued behind the first", () -> commands.waiting() == 3);

        gate.release.countDown();

        leader.get(10, TimeUnit.SECONDS);
        fits.get(10, TimeUnit.SECONDS);
        alsoFits.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> unknownSku.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InvalidSku.class);
        assertThat(store.commits()).as("the first command's commit, then one for the three queued").isEqualTo(commitsBefore + 2);
        assertThat(store.product("LAMP").orElseThrow().batch("b1").map(Batch::availableQuantity)).contains(0);
        assertThat(store.product("LAMP").orElseThrow().lines()).extracting(AcceptedLine::orderId)
                .containsExactlyInAnyOrder("o1", "o3");
    }

    @Test
    void a_command_that_breaks_its_batch_fails_alone_and_the_others_still_commit() throws Exception {
        FirstCommitGate gate = new FirstCommitGate();
        DirectBus bus = FakeService.commandsOnly(gate.around(store::start), (command, uow, now) -> {
            if (command.orderId().equals("poison")) {
                throw new IllegalStateException("a bug that only this order line triggers");
            }
            Handlers.allocate(command, uow, now);
        }).build();
        GroupCommit commands = new GroupCommit(bus, store::start, limits(1, 32));
        Future<?> leader = callers.submit(() -> commands.handle(new CreateBatch("b1", "LAMP", 10, null)));
        Eventually.await("the first commit reached the gate", gate.reached);
        Future<?> good = callers.submit(() -> commands.handle(new Allocate("good", "LAMP", 1)));
        Future<?> poison = callers.submit(() -> commands.handle(new Allocate("poison", "LAMP", 1)));
        Future<?> alsoGood = callers.submit(() -> commands.handle(new Allocate("also-good", "LAMP", 1)));
        Eventually.await("three commands queued behind the first", () -> commands.waiting() == 3);

        gate.release.countDown();

        leader.get(10, TimeUnit.SECONDS);
        good.get(10, TimeUnit.SECONDS);
        alsoGood.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> poison.get(10, TimeUnit.SECONDS)).hasMessageContaining("only this order line");
        assertThat(store.product("LAMP").orElseThrow().lines()).extracting(AcceptedLine::orderId)
                .containsExactlyInAnyOrder("good", "also-good");
    }

    @Test
    void a_batch_that_cannot_reach_the_database_answers_each_command_at_once_instead_of_trying_each_again_alone() throws Exception {
        FirstCommitGate gate = new FirstCommitGate();
        AtomicBoolean databaseAway = new AtomicBoolean();
        AtomicInteger attempts = new AtomicInteger();
        UnitOfWorkFactory units = gate.around(() -> {
            if (databaseAway.get()) {
                attempts.incrementAndGet();
                throw new StorageUnavailable(new IllegalStateException("connection refused"));
            }
            return store.start();
        });
        GroupCommit commands = new GroupCommit(FakeService.commandsOnly(units).build(), store::start, limits(1, 32));
        Future<?> leader = callers.submit(() -> commands.handle(new CreateBatch("b1", "LAMP", 10, null)));
        Eventually.await("the first commit reached the gate", gate.reached);
        databaseAway.set(true);
        List<Future<?>> queued = List.of(callers.submit(() -> commands.handle(new Allocate("o1", "LAMP", 1))),
                callers.submit(() -> commands.handle(new Allocate("o2", "LAMP", 1))),
                callers.submit(() -> commands.handle(new Allocate("o3", "LAMP", 1))));
        Eventually.await("three commands queued behind the first", () -> commands.waiting() == 3);

        gate.release.countDown();

        leader.get(10, TimeUnit.SECONDS);
        for (Future<?> command : queued) {
            assertThatThrownBy(() -> command.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageUnavailable.class);
        }
        assertThat(attempts).as("one attempt for the batch, none alone").hasValue(1);
    }

    @Test
    void every_kind_of_command_on_a_product_is_routed_by_that_product() {
        GroupCommit commands = new GroupCommit(FakeService.commandsOnly(store::start).build(), store::start, limits(8, 32));
        commands.handle(new CreateBatch("b1", "LAMP", 10, null));

        assertThat(List.of(
                commands.productOf(new CreateBatch("b2", "LAMP", 5, null)),
                commands.productOf(new Allocate("o1", "LAMP", 1)),
                commands.productOf(new Deallocate("o1", "LAMP")),
                commands.productOf(new ChangeBatchQuantity("b1", 3))))
                .as("a change of quantity is routed by its batch's product, not by the batch's reference")
                .containsOnly("LAMP");
        assertThat(commands.productOf(new ChangeBatchQuantity("no-such-batch", 3))).isEqualTo("no-such-batch");
    }

    @Test
    void with_many_lanes_the_commands_on_one_product_never_race_each_other() throws Exception {
        AtomicInteger conflicts = new AtomicInteger();
        UnitOfWorkFactory counted = () -> new InterceptedUnitOfWork(store.start(), () -> { }, conflicts);
        GroupCommit commands = new GroupCommit(FakeService.commandsOnly(counted).build(), counted, limits(8, 32));
        commands.handle(new CreateBatch("b1", "LAMP", 1_000, null));
        commands.handle(new CreateBatch("b2", "DESK", 1_000, null));
        List<Future<?>> done = new ArrayList<>();
        for (int caller = 0; caller < 8; caller++) {
            int c = caller;
            done.add(callers.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    String orderId = "order-" + c + "-" + i;
                    String sku = i % 2 == 0 ? "LAMP" : "DESK";
                    commands.handle(new Allocate(orderId, sku, 1));
                    switch (i % 5) {
                        case 0 -> commands.handle(new ChangeBatchQuantity("b1", 900 + i));
                        case 1 -> commands.handle(new ChangeBatchQuantity("b2", 900 + i));
                        case 2 -> commands.handle(new Deallocate(orderId, sku));
                        default -> { }
                    }
                }
            }));
        }
        for (Future<?> caller : done) {
            caller.get(60, TimeUnit.SECONDS);
        }

        assertThat(conflicts).as("no command lost a race to another in this process").hasValue(0);
    }

    @Test
    void a_change_still_waiting_for_its_turn_when_its_time_is_up_is_refused_and_never_made() throws Exception {
        FirstCommitGate gate = new FirstCommitGate();
        GroupCommit commands = new GroupCommit(FakeService.commandsOnly(gate.around(store::start)).build(), store::start,
                new GroupCommit.Limits(1, 32, 128, 4, Duration.ofMillis(200)));
        Future<?> leader = callers.submit(() -> commands.handle(new CreateBatch("b1", "LAMP", 10, null)));
        Eventually.await("the first commit reached the gate", gate.reached);

        Future<?> late = callers.submit(() -> commands.handle(new Allocate("late", "LAMP", 1)));

        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ServiceBusy.class)
                .hasMessageContaining("waited too long for its turn; nothing was changed");
        gate.release.countDown();
        leader.get(10, TimeUnit.SECONDS);
        assertThat(commands.waiting()).isZero();
        assertThat(store.product("LAMP").orElseThrow().line("late")).as("dropped, never made").isEmpty();
    }

    @Test
    void one_change_more_than_may_wait_is_refused_at_once() throws Exception {
        FirstCommitGate gate = new FirstCommitGate();
        GroupCommit commands = new GroupCommit(FakeService.commandsOnly(gate.around(store::start)).build(), store::start,
                new GroupCommit.Limits(1, 32, 2, 4, Duration.ofSeconds(30)));
        Future<?> leader = callers.submit(() -> commands.handle(new CreateBatch("b1", "LAMP", 10, null)));
        Eventually.await("the first commit reached the gate", gate.reached);
        Future<?> waiting = callers.submit(() -> commands.handle(new Allocate("waiting", "LAMP", 1)));
        Eventually.await("a second change waiting", () -> commands.waiting() == 1);

        assertThatThrownBy(() -> commands.handle(new Allocate("one-too-many", "LAMP", 1)))
                .isInstanceOf(ServiceBusy.class).hasMessageContaining("Too many changes are waiting");

        gate.release.countDown();
        leader.get(10, TimeUnit.SECONDS);
        waiting.get(10, TimeUnit.SECONDS);
        assertThat(store.product("LAMP").orElseThrow().lines()).extracting(AcceptedLine::orderId).containsExactly("waiting");
    }

    @Test
    void a_product_the_database_stalls_on_runs_alone_and_the_others_keep_their_batches() throws Exception {
        AtomicBoolean stuck = new AtomicBoolean(true);
        DirectBus bus = FakeService.commandsOnly(store::start, timingOutOn("STUCK", stuck::get)).build();
        GroupCommit commands = new GroupCommit(bus, store::start, limits(1, 32));
        commands.handle(new CreateBatch("b1", "LAMP", 10, null));
        commands.handle(new CreateBatch("b2", "STUCK", 10, null));

        assertThatThrownBy(() -> commands.handle(new Allocate("o1", "STUCK", 1))).isInstanceOf(StorageTimeout.class);
        assertThat(commands.stalledProducts()).containsExactly("STUCK");
        commands.handle(new Allocate("o2", "LAMP", 1));
        assertThatThrownBy(() -> commands.handle(new Allocate("o3", "STUCK", 1))).isInstanceOf(StorageTimeout.class);

        stuck.set(false);
        commands.handle(new Allocate("o4", "STUCK", 1));

        assertThat(commands.stalledProducts()).as("grouped again once it answers").isEmpty();
        assertThat(store.product("LAMP").orElseThrow().line("o2")).isPresent();
        assertThat(store.product("STUCK").orElseThrow().lines()).extracting(AcceptedLine::orderId).containsExactly("o4");
    }

    @Test
    void when_a_batch_fails_on_one_stalled_product_every_other_command_in_it_still_commits() throws Exception {
        FirstCommitGate gate = new FirstCommitGate();
        DirectBus bus = FakeService.commandsOnly(gate.around(store::start), timingOutOn("STUCK", () -> true)).build();
        GroupCommit commands = new GroupCommit(bus, store::start, limits(1, 32));
        Future<?> leader = callers.submit(() -> commands.handle(new CreateBatch("b1", "LAMP", 10, null)));
        Eventually.await("the first commit reached the gate", gate.reached);
        Future<?> stuckOne = callers.submit(() -> commands.handle(new Allocate("stuck", "STUCK", 1)));
        Future<?> good = callers.submit(() -> commands.handle(new Allocate("good", "LAMP", 1)));
        Eventually.await("two commands queued behind the first", () -> commands.waiting() == 2);

        gate.release.countDown();

        leader.get(10, TimeUnit.SECONDS);
        good.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> stuckOne.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageTimeout.class);
        assertThat(store.product("LAMP").orElseThrow().line("good")).isPresent();
        assertThat(commands.stalledProducts()).containsExactly("STUCK");
    }

    @Test
    void a_change_whose_product_cannot_be_looked_up_fails_and_frees_its_place() {
        AtomicBoolean databaseAway = new AtomicBoolean(false);
        UnitOfWorkFactory units = () -> {
            if (databaseAway.get()) {
                throw new StorageUnavailable(new IllegalStateException("no route to the database"));
            }
            return store.start();
        };
        GroupCommit commands = new GroupCommit(FakeService.commandsOnly(units).build(), units, new GroupCommit.Limits(2, 32, 1, 4, Duration.ofSeconds(30)));
        commands.handle(new CreateBatch("b1", "LAMP", 10, null));

        databaseAway.set(true);
        assertThatThrownBy(() -> commands.handle(new ChangeBatchQuantity("b1", 5))).isInstanceOf(StorageUnavailable.class);
        databaseAway.set(false);

        commands.handle(new ChangeBatchQuantity("b1", 5));
        assertThat(store.product("LAMP").orElseThrow().batch("b1").map(Batch::purchasedQuantity)).contains(5);
    }

    /** Allocates, but times out as a database would while a lock is held on {@code sku}, as long as {@code stuck} says. */
    private static CommandHandler<Allocate> timingOutOn(String sku, BooleanSupplier stuck) {
        return (command, uow, now) -> {
            if (command.sku().equals(sku) && stuck.getAsBoolean()) {
                throw new StorageTimeout(new IllegalStateException("a lock held elsewhere"));
            }
            Handlers.allocate(command, uow, now);
        };
    }

    /** Holds a bus's first commit until released, so that the commands sent meanwhile queue up in its lane. */
    private static final class FirstCommitGate {

        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean(true);

        UnitOfWorkFactory around(UnitOfWorkFactory units) {
            return () -> new InterceptedUnitOfWork(units.start(), () -> {
                if (first.compareAndSet(true, false)) {
                    reached.countDown();
                    Eventually.await("the test releasing the first commit", release);
                }
            }, new AtomicInteger());
        }
    }
}
