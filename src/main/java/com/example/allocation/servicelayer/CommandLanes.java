package com.example.allocation.servicelayer;

import com.example.allocation.domain.commands.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The mechanism of {@link GroupCommit}: flat combining. Commands are spread over a fixed number of lanes by
 * a number the caller chooses ({@code route}: {@code GroupCommit} gives one product's commands the same
 * number, so they share a lane). A caller that finds its lane idle becomes its leader: it takes everything
 * queued there, up to {@code maxBatch} commands, and has them run together — one unit of work, one commit —
 * while the other callers wait; once its own command is done it hands the lane to the next caller waiting.
 * No thread of its own, and no waiting when a lane is idle: a lone command runs at once, by itself.
 *
 * <p>Commands with the same route meet in one lane and run one after the other, often in one transaction.
 */
final class CommandLanes {

    /** A command on its way through a lane, and, once run, its outcome. */
    static final class Pending {

        final Command command;
        private final Thread caller = Thread.currentThread();
        private volatile boolean done;
        private volatile RuntimeException failure;

        Pending(Command command) {
            this.command = command;
        }

        void succeed() {
            done = true;
            LockSupport.unpark(caller);
        }

        void fail(RuntimeException e) {
            failure = e;
            succeed();
        }

        void wakeUp() {
            LockSupport.unpark(caller);
        }
    }

    private final Lane[] lanes;
    private final ToIntFunction<Command> route;
    private final int maxBatch;
    private final Consumer<List<Pending>> runBatch;

    /**
     * @param route a number for the command: commands with the same number share a lane
     * @param runBatch runs commands together and completes each one's {@link Pending}, with success or its failure
     */
    CommandLanes(int lanes, int maxBatch, ToIntFunction<Command> route, Consumer<List<Pending>> runBatch) {
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane();
        }
        this.maxBatch = maxBatch;
        this.route = route;
        this.runBatch = runBatch;
    }

    /** Runs the command, alone or with others; returns when it is committed, or throws its failure. */
    void run(Command command) {
        Pending mine = new Pending(command);
        lanes[Math.floorMod(route.applyAsInt(command), lanes.length)].run(mine);
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** How many commands are queued, not yet taken into a batch. */
    int waiting() {
        int waiting = 0;
        for (Lane lane : lanes) {
            waiting += lane.queue.size();
        }
        return waiting;
    }

    private final class Lane {

        private final ReentrantLock leader = new ReentrantLock();
        private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();

        void run(Pending mine) {
            queue.add(mine);
            boolean interrupted = false;
            while (!mine.done) {
                if (leader.tryLock()) {
                    try {
                        while (!mine.done) {
                            runToCompletion(take());
                        }
                    } finally {
                        leader.unlock();
                    }
                    Pending next = queue.peek();
                    if (next != null) {
                        next.wakeUp();
                    }
                } else {
                    // Woken when done, or when the leader hands over; the timeout only guards against the unforeseen.
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(5));
                    // The command is queued and will run: an interrupt cannot stop it, only be passed on after.
                    interrupted |= Thread.interrupted();
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Runs the batch; whatever happens, no caller is left waiting for a command that will never complete. */
        private void runToCompletion(List<Pending> batch) {
            try {
                runBatch.accept(batch);
            } finally {
                for (Pending pending : batch) {
                    if (!pending.done) {
                        pending.fail(new IllegalStateException("The batch holding " + pending.command + " ended without an outcome for it"));
                    }
                }
            }
        }

        private List<Pending> take() {
            List<Pending> batch = new ArrayList<>();
            for (Pending next = queue.poll(); next != null; next = batch.size() < maxBatch ? queue.poll() : null) {
                batch.add(next);
            }
            return batch;
        }
    }
}
