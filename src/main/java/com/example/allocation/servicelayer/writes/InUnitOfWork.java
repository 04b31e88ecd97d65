package com.example.allocation.servicelayer.writes;

import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.refusals.AllocationException;
import com.example.allocation.servicelayer.messagebus.CommandStep;
import com.example.allocation.servicelayer.messagebus.Envelope;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fresh unit of work for each batch of commands (book chapter 6): each command goes through the bus in it, and
 * it commits once, with everything they caused and every message they send out — or not at all, if every command
 * was refused (docs/decisions.md, decision 1). The bus, not the handlers, commits.
 *
 * <p>A command the rules refuse changes nothing, so it can share a transaction with others — with one exception: a
 * checkout hold's command lets go of expired holds' stock before it can tell whether it must refuse (decision 29).
 * What that changed is true whatever the command, but it belongs to no accepted command to be committed with; so a
 * batch in which a refused command left changes behind is dropped, and each of its commands runs again alone, where a
 * refusal commits nothing.
 *
 * <p>The unit of work's waits on storage end at the batch's earliest deadline ({@link Envelope#deadline()}), so no
 * command of it is answered late for another's sake.
 */
public final class InUnitOfWork implements Batches {

    private final UnitOfWorkFactory units;
    private final Prefetch prefetch;
    private final CommandStep bus;
    private final Runnable afterCommit;

    /**
     * @param bus the message bus, with whatever steps around it handle each command
     * @param afterCommit what to do once the batch has committed: wake the outbox relay (in the service), or run it in
     *     the calling thread (in tests that want deliveries done when the command returns)
     */
    public InUnitOfWork(UnitOfWorkFactory units, Prefetch prefetch, CommandStep bus, Runnable afterCommit) {
        this.units = units;
        this.prefetch = prefetch;
        this.bus = bus;
        this.afterCommit = afterCommit;
    }

    @Override
    public Outcome handleTogether(List<Envelope> commands) {
        Outcome outcome;
        boolean committed;
        try (UnitOfWork uow = units.start(Envelope.earliestOf(commands))) {
            prefetch.readAhead(commands, uow);
            List<Optional<AllocationException>> refusals = new ArrayList<>(commands.size());
            List<Event> events = new ArrayList<>();
            for (Envelope envelope : commands) {
                Optional<AllocationException> refusal = bus.handle(envelope, uow, events);
                if (refusal.isPresent() && !uow.collectNewEvents().isEmpty() && commands.size() > 1) {
                    return eachAlone(commands);
                }
                refusals.add(refusal);
            }
            outcome = new Outcome(refusals, events);
            committed = outcome.anyAccepted();
            if (committed) {
                uow.commit();
            }
        }
        if (committed) {
            afterCommit.run();
        }
        return outcome;
    }

    private Outcome eachAlone(List<Envelope> commands) {
        List<Optional<AllocationException>> refusals = new ArrayList<>(commands.size());
        List<Event> events = new ArrayList<>();
        for (Envelope envelope : commands) {
            Outcome alone = handleTogether(List.of(envelope));
            refusals.addAll(alone.refusals());
            events.addAll(alone.events());
        }
        return new Outcome(refusals, events);
    }
}
