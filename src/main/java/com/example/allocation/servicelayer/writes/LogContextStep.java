package com.example.allocation.servicelayer.writes;

import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.refusals.AllocationException;
import com.example.allocation.servicelayer.messagebus.CommandStep;
import com.example.allocation.servicelayer.messagebus.Envelope;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.util.List;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * Puts the command's correlation id in the log's context while the bus handles it, so that what its handlers log
 * names its request, even in a thread that handles several callers' commands together (group commit).
 */
public final class LogContextStep implements CommandStep {

    private final CommandStep next;

    public LogContextStep(CommandStep next) {
        this.next = next;
    }

    @Override
    public Optional<AllocationException> handle(Envelope envelope, UnitOfWork uow, List<Event> handled) {
        String previous = MDC.get(Origin.LOG_KEY);
        String id = envelope.origin().correlationId();
        if (id != null) {
            MDC.put(Origin.LOG_KEY, id);
        }
        try {
            return next.handle(envelope, uow, handled);
        } finally {
            if (previous == null) {
                MDC.remove(Origin.LOG_KEY);
            } else {
                MDC.put(Origin.LOG_KEY, previous);
            }
        }
    }
}
