package com.example.allocation.servicelayer.outbox;

import com.example.allocation.servicelayer.messagebus.Handlers;
import com.example.allocation.servicelayer.ports.Outbox;

/**
 * A message for another system. Handlers record it in the {@link Outbox} in the same transaction as the
 * change that caused it; the {@link OutboxRelay} delivers it after commit.
 */
public sealed interface OutgoingMessage permits ChannelMessage, Notification {

    /**
     * Where it goes: a channel or an address. Messages to one destination are delivered in the order they
     * were recorded, and a destination that is down holds only its own messages back.
     */
    String destination();
}
