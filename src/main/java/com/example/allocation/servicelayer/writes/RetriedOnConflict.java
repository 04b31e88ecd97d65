package com.example.allocation.servicelayer.writes;

import com.example.allocation.servicelayer.Backoff;
import com.example.allocation.servicelayer.Deadline;
import com.example.allocation.servicelayer.messagebus.Envelope;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * Runs a batch again, whole and on fresh data, when its commit lost an optimistic-concurrency race (book chapter 7):
 * a valid request must not fail for being unlucky — but not once the batch's earliest deadline has passed: then the
 * race lost last is the answer. Counts each retry as {@code allocation_concurrency_retries_total}.
 *
 * <p>The first try reads optimistically, as nearly every batch wins its race. A batch that lost one runs again
 * locking the products it reads (chapter 7's pessimistic way): a writer elsewhere — another instance of the service,
 * on the same products — then waits for it instead of beating it again, so a product contended across instances costs
 * one lost try per batch, not a run of backoffs while the batch's lane waits (decision 31).
 */
public final class RetriedOnConflict implements Batches {

    private final Batches batches;
    private final Batches locking;
    private final RetryPolicy<Object> retry;
    private final Counter retries;

    /**
     * @param batches the first try of each batch
     * @param locking the tries after a lost race: the same, in units of work that lock what they read
     */
    public RetriedOnConflict(Batches batches, Batches locking, Backoff backoff, MeterRegistry meters) {
        this.batches = batches;
        this.locking = locking;
        this.retry = backoff.retrying(ConcurrencyConflict.class);
        this.retries = Counter.builder("allocation.concurrency.retries")
                .description("Commands run again because another writer changed their product first").register(meters);
    }

    @Override
    public Outcome handleTogether(List<Envelope> commands) {
        Deadline deadline = Envelope.earliestOf(commands);
        return Failsafe.with(retry).get(execution -> {
            if (execution.getAttemptCount() > 0) {
                if (deadline.hasPassed()) {
                    throw (ConcurrencyConflict) execution.getLastException();
                }
                retries.increment();
                return locking.handleTogether(commands);
            }
            return batches.handleTogether(commands);
        });
    }
}
