package com.example.allocation.servicelayer;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.domain.InvalidSku;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.Command;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Group commit's lanes on their own, with a batch runner that stands in for the bus. */
class CommandLanesTest {

    private static Allocate order(String orderId) {
        return new Allocate(orderId, "LAMP", 1);
    }

    @Test
    void many_callers_each_get_their_own_outcome_and_commands_arriving_together_share_batches() throws Exception {
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        CommandLanes lanes = new CommandLanes(2, 64, Command::hashCode, batch -> {
            batchSizes.add(batch.size());
            sleep(1);
            batch.forEach(pending -> {
                if (((Allocate) pending.command).orderId().endsWith("-refused")) {
                    pending.fail(new InvalidSku("LAMP"));
                } else {
                    pending.succeed();
                }
            });
        });
        ExecutorService callers = Executors.newFixedThreadPool(16);
        AtomicInteger wrongOutcomes = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            int caller = c;
            done.add(callers.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    boolean refuse = i % 7 == 0;
                    try {
                        lanes.run(order(caller + "-" + i + (refuse ? "-refused" : "")));
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
        CommandLanes lanes = new CommandLanes(1, 64, Command::hashCode, batch -> {
            if (first.compareAndSet(true, false)) {
                firstRunning.countDown();
                await(releaseFirst);
                batch.forEach(CommandLanes.Pending::succeed);
            } else if (batch.size() > 1) {
                throw new AssertionError("a batch runner that breaks on a batch of several");
            } else {
                batch.forEach(CommandLanes.Pending::succeed);
            }
        });
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            Future<?> occupying = callers.submit(() -> lanes.run(order("first")));
            assertThat(firstRunning.await(5, TimeUnit.SECONDS)).isTrue();
            Future<?> second = callers.submit(() -> lanes.run(order("second")));
            Future<?> third = callers.submit(() -> lanes.run(order("third")));
            sleep(100);
            releaseFirst.countDown();

            occupying.get(5, TimeUnit.SECONDS);
            List<Throwable> failures = new ArrayList<>();
            for (Future<?> caller : List.of(second, third)) {
                try {
                    caller.get(5, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
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
    void an_interrupted_caller_still_gets_its_outcome_and_keeps_its_interrupt() throws Exception {
        CountDownLatch leaderRunning = new CountDownLatch(1);
        CountDownLatch releaseLeader = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        CommandLanes lanes = new CommandLanes(1, 64, Command::hashCode, batch -> {
            if (first.compareAndSet(true, false)) {
                leaderRunning.countDown();
                await(releaseLeader);
            }
            batch.forEach(CommandLanes.Pending::succeed);
        });
        Thread leader = new Thread(() -> lanes.run(order("leader")));
        leader.start();
        assertThat(leaderRunning.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicBoolean keptInterrupt = new AtomicBoolean();
        AtomicBoolean returned = new AtomicBoolean();
        Thread follower = new Thread(() -> {
            lanes.run(order("follower"));
            returned.set(true);
            keptInterrupt.set(Thread.currentThread().isInterrupted());
        });
        follower.start();
        sleep(100);

        follower.interrupt();
        sleep(100);
        assertThat(returned).as("still waiting for its command").isFalse();
        releaseLeader.countDown();
        follower.join(5_000);
        leader.join(5_000);

        assertThat(returned).isTrue();
        assertThat(keptInterrupt).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
