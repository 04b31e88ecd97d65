package com.example.allocation.servicelayer.writes;

import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.refusals.AllocationException;
import com.example.allocation.servicelayer.messagebus.CommandStep;
import com.example.allocation.servicelayer.messagebus.Envelope;
import com.example.allocation.servicelayer.ports.Inbox;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The inbox pattern around the bus: a command whose envelope names an inbound message already applied is
 * acknowledged and not applied again; one applied now records its message in the {@link Inbox}, in the same
 * commit. With offsets committed only after that commit, an at-least-once broker gives an exactly-once effect.
 */
public final class InboxStep implements CommandStep {

    /** How long an applied inbound message is remembered: Kafka's default retention, a week. */
    static final Duration RETENTION = Duration.ofDays(7);

    private final CommandStep next;

    public InboxStep(CommandStep next) {
        this.next = next;
    }

    @Override
    public Optional<AllocationException> handle(Envelope envelope, UnitOfWork uow, List<Event> handled) {
        String messageId = envelope.messageId();
        if (messageId == null) {
            return next.handle(envelope, uow, handled);
        }
        if (uow.inbox().contains(messageId)) {
            return Optional.empty();
        }
        Optional<AllocationException> refusal = next.handle(envelope, uow, handled);
        if (refusal.isEmpty()) {
            uow.inbox().add(messageId);
        }
        return refusal;
    }

    /**
     * Forgets inbound messages applied longer ago than a broker keeps a record to deliver again; returns how many.
     */
    public static int forgetOldMessages(UnitOfWorkFactory units) {
        try (UnitOfWork uow = units.start()) {
            int forgotten = uow.inbox().forgetBefore(Instant.now().minus(RETENTION));
            uow.commit();
            return forgotten;
        }
    }
}
