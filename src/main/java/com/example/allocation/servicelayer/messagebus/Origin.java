package com.example.allocation.servicelayer.messagebus;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who asked for a change, in which request, and — while the bus handles it — which command it was. It travels with the command through the bus and is recorded
 * with every message the change sends out (the outbox's {@code requested_by} and {@code correlation_id}), so
 * that a receiver can tell who did what (docs/security.md) and tie what it hears back to the request that
 * caused it, and the log lines of that request to the message (README, "Operating it").
 *
 * @param requestedBy the authenticated caller — an access token's subject or client id — or null when no
 *     one was authenticated: the service runs without authentication, or the command came over a channel
 *     whose messages name no one (Redis, Kafka)
 * @param correlationId the request's id ({@code X-Request-Id}) or the inbound message's, or null when there is
 *     none; always {@linkplain #acceptableCorrelationId safe} to log and to put in a header
 * @param cause the command, in words, while what it caused is recorded (an order's history); null otherwise
 */
public record Origin(String requestedBy, String correlationId, String cause) {

    /** The key of the correlation id in the log's context (SLF4J's MDC), while its request or message is handled. */
    public static final String LOG_KEY = "request_id";

    /** A change no authenticated caller asked for, in no request that has an id. */
    public static final Origin UNAUTHENTICATED = new Origin(null, null, null);

    /** The longest correlation id kept. */
    private static final int MAX_ID_LENGTH = 128;
    /** Besides ASCII letters and digits, the characters an id may hold: nothing a log or header could misread. */
    private static final String ID_PUNCTUATION = "._:+=/@-";

    /** Who asked, in which request; no cause. */
    public Origin(String requestedBy, String correlationId) {
        this(requestedBy, correlationId, null);
    }

    public Origin {
        if (correlationId != null && !isSafeId(correlationId)) {
            throw new IllegalArgumentException("a correlation id is 1 to 128 letters, digits or . _ : - + = / @");
        }
    }

    public static Origin requestedBy(String subject) {
        return new Origin(subject, null, null);
    }

    /** The same caller, in the request or message with this id. */
    public Origin correlatedBy(String id) {
        return new Origin(requestedBy, id, cause);
    }

    /** The same caller and request, doing what {@code command} says. */
    public Origin because(String command) {
        return new Origin(requestedBy, correlationId, command);
    }

    /** The id a client sent, if it is one we can keep as it is; otherwise empty, and the service makes one. */
    public static Optional<String> acceptableCorrelationId(String candidate) {
        return candidate != null && isSafeId(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    /**
     * 1 to 128 ASCII letters, digits and {@code . _ : - + = / @}. A loop rather than a regular expression: it runs
     * each time an origin is made, several times per command, on the hot path.
     */
    private static boolean isSafeId(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean letterOrDigit = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!letterOrDigit && ID_PUNCTUATION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A new id, for a request or message that came without a usable one: a random (version 4) UUID. Ids must be
     * unique, not secret, so a fast generator will do; the JDK's {@code UUID.randomUUID} draws from a shared,
     * locked SecureRandom on every request.
     */
    public static String newCorrelationId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** For logs and people: the caller, or that no one was authenticated. */
    public String describe() {
        return requestedBy == null ? "(unauthenticated)" : requestedBy;
    }
}
