package com.example.allocation.servicelayer.ports;

import java.time.Instant;

/**
 * Inbound messages already applied (the inbox pattern): recorded in the transaction of the command they
 * carried, so that a message delivered again — after a crash, a rebalance, or sent twice — is acknowledged
 * and not applied a second time. Together with offsets committed only after that transaction, an at-least-once
 * broker gives an exactly-once effect.
 */
public interface Inbox {

    /** Whether the message was applied before, or earlier in this unit of work. */
    boolean contains(String messageId);

    /** Records the message as applied, if this unit of work commits. */
    void add(String messageId);

    /** Forgets messages applied before {@code cutoff}; returns how many. */
    int forgetBefore(Instant cutoff);
}
