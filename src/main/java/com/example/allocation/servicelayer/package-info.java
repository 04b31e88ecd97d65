/**
 * The service layer (book chapters 4 to 10), by role:
 * <ul>
 *   <li>{@code messagebus} — the message bus, the handlers it dispatches to, and the catalogue of commands
 *       (chapters 9 and 10);</li>
 *   <li>{@code ports} — what the adapters implement: the repository, the unit of work and the outbox, inbox, read-model
 *       and history writers behind it, the publisher and the notifier (chapters 2, 6, 11 and 13);</li>
 *   <li>{@code writes} — how commands become committed transactions: a unit of work per batch, the steps around the
 *       bus (inbox, log context, prefetch, retries of a lost race, meters) and group commit (chapters 6 and 7, and
 *       beyond the book);</li>
 *   <li>{@code outbox} — the messages a change sends out, and the relay that delivers them after commit (chapter 11,
 *       and the transactional outbox beyond it).</li>
 * </ul>
 * {@link com.example.allocation.servicelayer.Backoff} and {@link com.example.allocation.servicelayer.Retries} say how
 * each kind of retry waits.
 *
 * <p>It depends on the domain and on nothing outside it but Failsafe (retries), Micrometer's facade (meters) and the
 * SLF4J API.
 */
package com.example.allocation.servicelayer;
