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
 */
public final class RetriedOnConflict implements Batches {

    private final Batches batches;
    private final RetryPolicy<Object> retry;
    private final Counter retries;

    public RetriedOnConflict(Batches batches, Backoff backoff, MeterRegistry meters) {
        this.batches = batches;
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
            }
            return batches.handleTogether(commands);
        });
    }
}
