package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.domain.commands.Command;
import com.example.allocation.servicelayer.ports.Inbox;

/**
 * A command with who sent it: what the bus handles. The command stays plain data; the envelope carries the rest.
 *
 * @param messageId the id of the inbound message that carried the command, for the {@link Inbox}; null when
 *     the sender waits for the answer (HTTP) and a repeat is its own business
 */
public record Envelope(Command command, Origin origin, String messageId) {

    public Envelope(Command command, Origin origin) {
        this(command, origin, null);
    }
}
