package com.example.allocation.servicelayer.writes;

import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.refusals.AllocationException;
import com.example.allocation.servicelayer.messagebus.CommandBus;
import com.example.allocation.servicelayer.messagebus.Envelope;
import com.example.allocation.servicelayer.messagebus.Origin;
import java.util.List;
import java.util.Optional;

/**
 * Commands straight to a transaction of their own, one call at a time: what the service would be without
 * {@link GroupCommit}, and what group commit and the Kafka consumer hand their batches to.
 */
public final class DirectBus implements CommandBus {

    private final Batches batches;

    public DirectBus(Batches batches) {
        this.batches = batches;
    }

    /** Handles the command and everything it causes, and commits; returns once all is committed. */
    @Override
    public void handle(Command command, Origin origin) {
        handle(new Envelope(command, origin));
    }

    /** The same, for a command already in its envelope (with its deadline, say). */
    public void handle(Envelope envelope) {
        Optional<AllocationException> refusal = handleTogether(List.of(envelope)).get(0);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    /**
     * Handles several commands in one unit of work and one commit. A command the rules refuse changes nothing and
     * does not stop the others: its refusal is returned in its place.
     *
     * @return for each command, in order, the rules' refusal, or empty if it was accepted and is committed
     * @throws RuntimeException any other failure, after which nothing is committed
     */
    public List<Optional<AllocationException>> handleTogether(List<Envelope> commands) {
        return batches.handleTogether(commands).refusals();
    }
}
