package com.example.allocation.servicelayer.writes;

import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.refusals.AllocationException;
import com.example.allocation.servicelayer.messagebus.Envelope;
import java.util.List;
import java.util.Optional;

/**
 * Handles several commands in one unit of work and one commit, each keeping its own outcome: {@link InUnitOfWork}
 * does it, and the other implementations are steps around it — {@link RetriedOnConflict}, {@link Metered}.
 */
@FunctionalInterface
public interface Batches {

    /**
     * @return each command's outcome, and the events committed with them
     * @throws RuntimeException any failure but the rules' refusals, after which nothing is committed
     */
    Outcome handleTogether(List<Envelope> commands);

    /**
     * @param refusals for each command, in order, the rules' refusal, or empty if it was accepted and is committed
     * @param events what the accepted commands caused, committed with them
     */
    record Outcome(List<Optional<AllocationException>> refusals, List<Event> events) {

        boolean anyAccepted() {
            return refusals.stream().anyMatch(Optional::isEmpty);
        }
    }
}
