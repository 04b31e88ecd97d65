package com.example.allocation.servicelayer;

/**
 * Who asked for a change. It travels with the command through the bus and is recorded with every message
 * the change sends out (the outbox's {@code requested_by}), so that a receiver can tell who did what
 * (docs/security.md).
 *
 * @param requestedBy the authenticated caller — an access token's subject or client id — or null when no
 *     one was authenticated: the service runs without authentication, or the command came over a channel
 *     whose messages name no one (Redis)
 */
public record Origin(String requestedBy) {

    /** A change no authenticated caller asked for. */
    public static final Origin UNAUTHENTICATED = new Origin(null);

    public static Origin requestedBy(String subject) {
        return new Origin(subject);
    }

    /** For logs and people: the caller, or that no one was authenticated. */
    public String describe() {
        return requestedBy == null ? "(unauthenticated)" : requestedBy;
    }
}
