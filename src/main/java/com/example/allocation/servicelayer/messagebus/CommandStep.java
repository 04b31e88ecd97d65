package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.refusals.AllocationException;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.util.List;
import java.util.Optional;

/**
 * Handles one command inside a unit of work that someone else commits: the {@link MessageBus} itself, or a step
 * around it (the inbox, the log's context) that does one thing before or after and hands on.
 */
@FunctionalInterface
public interface CommandStep {

    /**
     * @param handled where the events the command caused, follow-ups included, are added as they are handled
     * @return the rules' refusal, after which the command has changed nothing; empty if it was accepted
     */
    Optional<AllocationException> handle(Envelope envelope, UnitOfWork uow, List<Event> handled);
}
