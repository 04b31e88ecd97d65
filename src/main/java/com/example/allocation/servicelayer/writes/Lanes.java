package com.example.allocation.servicelayer.writes;

import com.example.allocation.servicelayer.messagebus.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The mechanism of {@link GroupCommit}: flat combining. Commands are spread over a fixed number of lanes by
 * a number the caller chooses ({@code GroupCommit} gives one product's commands the same number, so they
 * share a lane). A caller that finds its lane idle becomes its leader: it takes everything queued there, up
 * to {@code maxBatch} commands, and has them run together — one unit of work, one commit — while the other
 * callers wait; once its own command is done it hands the lane to the next caller waiting. No thread of
 * its own, and no waiting when a lane is idle: a lone command runs at once, by itself.
 *
 * <p>Every command has its envelope's deadline. One still queued when it passes is dropped, never to run, and its caller
 * is told so with {@link ServiceBusy}; one already taken into a batch waits for that batch's outcome. A batch
 * runner may also hand commands back to their callers to run alone ({@link Pending#handBack()}), so that
 * slow ones do not hold up the lane.
 */
final class Lanes {

    /** A command on its way through a lane, and, once run, its outcome. */
    static final class Pending {

        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int DONE = 2;
        private static final int HANDED_BACK = 3;

        final Envelope envelope;
        private final Thread caller = Thread.currentThread();
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private volatile RuntimeException failure;

        Pending(Envelope envelope) {
            this.envelope = envelope;
        }

        void succeed() {
            state.set(DONE);
            LockSupport.unpark(caller);
        }

        void fail(RuntimeException e) {
            failure = e;
            succeed();
        }

        /** Gives the command back to its caller, to run it alone: it has not run, or its run was undone. */
        void handBack() {
            state.set(HANDED_BACK);
            LockSupport.unpark(caller);
        }

        boolean isSettled() {
            int now = state.get();
            return now == DONE || now == HANDED_BACK;
        }

        private boolean take() {
            return state.compareAndSet(QUEUED, TAKEN);
        }

        /** Drops the command if it has not been taken yet; true if it was dropped. */
        private boolean cancel(String why) {
            if (state.compareAndSet(QUEUED, DONE)) {
                failure = new ServiceBusy(why);
                return true;
            }
            return false;
        }

        private boolean isPastDeadline() {
            return envelope.deadline().hasPassed();
        }
    }

    /** The longest a waiting caller sleeps between looks at its command, when it has no deadline sooner. */
    private static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Lane[] lanes;
    private final int maxBatch;
    private final Consumer<List<Pending>> runBatch;

    /**
     * @param runBatch runs commands together and settles each one's {@link Pending}: success, its failure, or
     *     handed back
     */
    Lanes(int lanes, int maxBatch, Consumer<List<Pending>> runBatch) {
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane();
        }
        this.maxBatch = maxBatch;
        this.runBatch = runBatch;
    }

    /**
     * Runs the command, alone or with others, in the lane its {@code route} picks; returns once it is
     * committed, or false if it was handed back for the caller to run alone.
     *
     * @throws ServiceBusy if the envelope's deadline passed before the command's turn came
     * @throws RuntimeException the command's own failure
     */
    boolean run(Envelope envelope, int route) {
        Pending mine = new Pending(envelope);
        lanes[Math.floorMod(route, lanes.length)].run(mine);
        if (mine.state.get() == Pending.HANDED_BACK) {
            return false;
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return true;
    }

    /** How many commands are queued, not yet taken into a batch. */
    int waiting() {
        int waiting = 0;
        for (Lane lane : lanes) {
            for (Pending pending : lane.queue) {
                if (pending.state.get() == Pending.QUEUED) {
                    waiting++;
                }
            }
        }
        return waiting;
    }

    private final class Lane {

        private final ReentrantLock leader = new ReentrantLock();
        private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();

        void run(Pending mine) {
            queue.add(mine);
            boolean interrupted = false;
            while (!mine.isSettled()) {
                if (leader.tryLock()) {
                    try {
                        while (!mine.isSettled()) {
                            runToCompletion(take());
                        }
                    } finally {
                        leader.unlock();
                    }
                    Pending next = queue.peek();
                    if (next != null) {
                        LockSupport.unpark(next.caller);
                    }
                } else if (mine.isPastDeadline() && mine.cancel("The change waited too long for its turn")) {
                    queue.remove(mine);
                } else {
                    // Woken when settled, when the leader hands over, or at the deadline; not before: each needless
                    // wake-up is a system call, and they were a tenth of the service's CPU (docs/performance.md).
                    // Past the deadline the command is in a batch (or it would have been dropped): wait for its outcome.
                    long left = mine.envelope.deadline().remainingNanos();
                    LockSupport.parkNanos(this, left > 0 ? Math.min(left, MAX_PARK_NANOS) : MAX_PARK_NANOS);
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
            if (batch.isEmpty()) {
                return;
            }
            try {
                runBatch.accept(batch);
            } finally {
                for (Pending pending : batch) {
                    if (!pending.isSettled()) {
                        pending.fail(new IllegalStateException("The batch holding " + pending.envelope.command() + " ended without an outcome for it"));
                    }
                }
            }
        }

        /** Up to {@code maxBatch} queued commands; those past their deadline are dropped on the way. */
        private List<Pending> take() {
            List<Pending> batch = new ArrayList<>();
            for (Pending next = queue.poll(); next != null; next = batch.size() < maxBatch ? queue.poll() : null) {
                if (next.isPastDeadline() && next.cancel("The change waited too long for its turn")) {
                    LockSupport.unpark(next.caller);
                } else if (next.take()) {
                    batch.add(next);
                }
            }
            return batch;
        }
    }
}
