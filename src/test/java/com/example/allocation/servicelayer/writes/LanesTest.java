package com.example.allocation.servicelayer.writes;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Eventually;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.refusals.InvalidSku;
import com.example.allocation.servicelayer.messagebus.Envelope;
import com.example.allocation.servicelayer.messagebus.Origin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Group commit's lanes on their own, with a batch runner that stands in for the bus. */
class LanesTest {

    private static Envelope order(String orderId) {
        return new Envelope(new Allocate(orderId, "LAMP", 1), Origin.UNAUTHENTICATED);
    }

    @Test
    void many_callers_each_get_their_own_outcome_and_commands_arriving_together_share_batches() throws Exception {
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Lanes> lanes = new AtomicReference<>();
        AtomicBoolean first = new AtomicBoolean(true);
        lanes.set(new Lanes(2, 64, batch -> {
            if (first.compareAndSet(true, false)) {
                // The other callers pile up behind this batch, so that a later one must take several at once.
                Eventually.await("callers queued behind the first batch", () -> lanes.get().waiting() >= 8);
            }
            batchSizes.add(batch.size());
            batch.forEach(pending -> {
                if (((Allocate) pending.envelope.command()).orderId().endsWith("-refused")) {
                    pending.fail(new InvalidSku("LAMP"));
                } else {
                    pending.succeed();
                }
            });
        }));
        ExecutorService callers = Executors.newFixedThreadPool(16);
        AtomicInteger wrongOutcomes = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            int caller = c;
            done.add(callers.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    boolean refuse = i % 7 == 0;
                    try {
                        Envelope command = order(caller + "-" + i + (refuse ? "-refused" : ""));
                        lanes.get().run(command, command.hashCode());
                        if (refuse) {
                            wrongOutcomes.incrementAndGet();
                        }
                    } catch (InvalidSku e) {
                        if (!refuse) {
                            wrongOutcomes.incrementAndGet();
                        }
                    }
                }
            }));
        }
        for (Future<?> caller : done) {
            caller.get(60, TimeUnit.SECONDS);
        }
        callers.shutdown();

        assertThat(wrongOutcomes).hasValue(0);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1_600);
        assertThat(batchSizes).anyMatch(size -> size > 1);
    }

    @Test
    void a_batch_that_breaks_without_outcomes_still_answers_every_caller_in_it() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        Lanes lanes = new Lanes(1, 64, batch -> {
            if (first.compareAndSet(true, false)) {
                firstRunning.countDown();
                Eventually.await("the test releasing the first batch", releaseFirst);
                batch.forEach(Lanes.Pending::succeed);
            } else if (batch.size() > 1) {
                throw new AssertionError("a batch runner that breaks on a batch of several");
            } else {
                batch.forEach(Lanes.Pending::succeed);
            }
        });
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            Future<?> occupying = callers.submit(() -> lanes.run(order("first"), 0));
            Eventually.await("the first batch running", firstRunning);
            Future<?> second = callers.submit(() -> lanes.run(order("second"), 0));
            Future<?> third = callers.submit(() -> lanes.run(order("third"), 0));
            Eventually.await("two commands queued behind the first", () -> lanes.waiting() == 2);
            releaseFirst.countDown();

            occupying.get(10, TimeUnit.SECONDS);
            List<Throwable> failures = new ArrayList<>();
            for (Future<?> caller : List.of(second, third)) {
                try {
                    caller.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            assertThat(failures).as("both callers answered, none left waiting").hasSize(2)
                    .anyMatch(e -> e instanceof AssertionError)
                    .anyMatch(e -> e instanceof IllegalStateException && e.getMessage().contains("without an outcome"));
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void an_interrupted_caller_still_waits_for_its_command_to_run_and_keeps_its_interrupt() throws Exception {
        CountDownLatch leaderRunning = new CountDownLatch(1);
        CountDownLatch releaseLeader = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        Set<String> ran = ConcurrentHashMap.newKeySet();
        Consumer<List<Lanes.Pending>> runner = batch -> {
            if (first.compareAndSet(true, false)) {
                leaderRunning.countDown();
                Eventually.await("the test releasing the leader", releaseLeader);
            }
            batch.forEach(pending -> {
                ran.add(((Allocate) pending.envelope.command()).orderId());
                pending.succeed();
            });
        };
        Lanes lanes = new Lanes(1, 64, runner);
        Thread leader = new Thread(() -> lanes.run(order("leader"), 0));
        leader.start();
        Eventually.await("the leader's batch running", leaderRunning);
        AtomicBoolean ranBeforeReturning = new AtomicBoolean();
        AtomicBoolean keptInterrupt = new AtomicBoolean();
        Thread follower = new Thread(() -> {
            lanes.run(order("follower"), 0);
            ranBeforeReturning.set(ran.contains("follower"));
            keptInterrupt.set(Thread.currentThread().isInterrupted());
        });
        follower.start();
        Eventually.await("the follower queued behind the leader", () -> lanes.waiting() == 1);

        follower.interrupt();
        releaseLeader.countDown();
        follower.join(10_000);
        leader.join(10_000);

        assertThat(follower.isAlive()).isFalse();
        assertThat(ranBeforeReturning).as("the interrupt did not make it give up on its command").isTrue();
        assertThat(keptInterrupt).isTrue();
    }
}
