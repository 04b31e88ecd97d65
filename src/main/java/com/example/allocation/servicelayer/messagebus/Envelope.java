package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.domain.commands.Command;
import com.example.allocation.servicelayer.Deadline;
import com.example.allocation.servicelayer.ports.Inbox;
import java.util.List;

/**
 * A command with who sent it: what the bus handles. The command stays plain data; the envelope carries the rest.
 *
 * @param messageId the id of the inbound message that carried the command, for the {@link Inbox}; null when
 *     the sender waits for the answer (HTTP) and a repeat is its own business
 * @param deadline when its sender must have the answer (HTTP), or none (a message nobody waits on)
 */
public record Envelope(Command command, Origin origin, String messageId, Deadline deadline) {

    public Envelope(Command command, Origin origin) {
        this(command, origin, null, Deadline.NONE);
    }

    public Envelope(Command command, Origin origin, String messageId) {
        this(command, origin, messageId, Deadline.NONE);
    }

    /** The earliest deadline of these: when a batch of them must be done by. */
    public static Deadline earliestOf(List<Envelope> envelopes) {
        return envelopes.stream().map(Envelope::deadline).reduce(Deadline.NONE, Deadline::earlier);
    }
}
