/**
 * The messages a change sends out (book chapter 11): events for a channel and notifications for people, recorded in
 * the outbox in the change's transaction and delivered after commit, at least once, by the
 * {@link com.example.allocation.servicelayer.outbox.OutboxRelay} (the transactional outbox, decisions 7 and 12).
 */
package com.example.allocation.servicelayer.outbox;
