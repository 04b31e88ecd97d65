package com.example.allocation.entrypoints.http.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SimpleSecurityContext;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's JWK set (docs/security.md), fetched from its URL and kept for five minutes, for Nimbus to pick
 * a token's key from. Ours rather than Nimbus's chain of sources, because an identity provider in trouble
 * must cost a request at most {@link #FETCH_DEADLINE} and a 503, never a 401 or a hang:
 *
 * <ul>
 *   <li>A fetch is one GET ({@link JwksDownload}), done within {@link #FETCH_DEADLINE} as a whole — connect,
 *       headers and body — and at most {@link #MAX_BYTES}; anything else (an error status, no answer, a
 *       trickle, not a JWK set) failed.
 *   <li>One fetch at a time: a request that needs the set while it is being fetched waits for that fetch.
 *   <li>At most one fetch per {@code minRefreshInterval}, whatever asks for it: the first token, the five
 *       minutes running out, a key id not in the set (a rotation, or a made-up id).
 *   <li>Keys that cannot be had — the fetch failed, or no fetch may be made yet after one that failed, or the
 *       set in hand is too old — are {@link KeysOutOfReach} (a 503); a key id that a set fetched without
 *       fault does not hold is no key at all (a 401).
 *   <li>Asked with {@link #AT_HAND}, it never waits: the keys in hand or none, and a fetch that is due
 *       started for the next request, not waited for.
 *   <li>The first fetch is made at start ({@link #fetchFirst}), so that the first requests, and health, find the
 *       keys in hand.
 * </ul>
 */
final class IssuerKeys implements JWKSource<SecurityContext> {

    /** The context in which to ask for the keys already in hand only: a caller that must not wait for a fetch. */
    static final SecurityContext AT_HAND = new SimpleSecurityContext();

    static final Duration FETCH_DEADLINE = Duration.ofSeconds(2);
    static final int MAX_BYTES = 256 * 1024;
    static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(IssuerKeys.class);

    /** The keys could not be had; {@link #retryAfterSeconds} is when another fetch may be made. */
    static final class KeysOutOfReach extends KeySourceException {

        private final int retryAfterSeconds;

        KeysOutOfReach(String message, int retryAfterSeconds) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private final URI url;
    private final JwksDownload download;
    private final Duration minRefreshInterval;
    private final Runnable fetched;
    private final Clock clock;

    // Guarded by this.
    private JWKSet keys;
    private Instant keysFetchedAt;
    private Instant lastAttempt;
    private String lastFailure;
    private CompletableFuture<JWKSet> inFlight;

    /**
     * @param fetched told after each fetch that brought a JWK set
     * @throws IllegalArgumentException if {@code url} is not an http(s) URL
     */
    IssuerKeys(URI url, Duration minRefreshInterval, Runnable fetched, Clock clock) {
        this.url = url;
        this.download = new JwksDownload(url, FETCH_DEADLINE, MAX_BYTES);
        this.minRefreshInterval = minRefreshInterval;
        this.fetched = fetched;
        this.clock = clock;
    }

    /**
     * The first fetch, waited for (at most {@link #FETCH_DEADLINE}). If it fails the service starts all the
     * same: tokens are answered 503 until the keys can be had, and the log says why.
     */
    void fetchFirst() {
        CompletableFuture<JWKSet> fetch = new CompletableFuture<>();
        synchronized (this) {
            lastAttempt = clock.instant();
            inFlight = fetch;
        }
        fetchInto(fetch);
        try {
            await(fetch);
        } catch (KeysOutOfReach e) {
            log.warn("{}; requests with a token are answered 503 until they can be had", e.getMessage());
        }
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        CompletableFuture<JWKSet> fetch;
        boolean start = false;
        synchronized (this) {
            Instant now = clock.instant();
            boolean fresh = keys != null && now.isBefore(keysFetchedAt.plus(TIME_TO_LIVE));
            if (fresh) {
                List<JWK> found = selector.select(keys);
                if (!found.isEmpty()) {
                    return found;
                }
            }
            if (inFlight == null && fetchDue(now)) {
                lastAttempt = now;
                inFlight = new CompletableFuture<>();
                start = true;
            }
            fetch = inFlight;
            if (fetch == null) {
                if (context == AT_HAND || fresh && lastFailure == null) {
                    return List.of();
                }
                throw outOfReach(now);
            }
        }
        if (start) {
            fetchInto(fetch);
        }
        return context == AT_HAND ? List.of() : selector.select(await(fetch));
    }

    private boolean fetchDue(Instant now) {
        return lastAttempt == null || !now.isBefore(lastAttempt.plus(minRefreshInterval));
    }

    /** The one fetch, begun outside the lock; its outcome is recorded before anyone waiting for it goes on. */
    private void fetchInto(CompletableFuture<JWKSet> fetch) {
        try {
            download.start().whenComplete((set, failure) -> settle(fetch, set, failure));
        } catch (RuntimeException e) {
            settle(fetch, null, e);
        }
    }

    private void settle(CompletableFuture<JWKSet> fetch, JWKSet set, Throwable failure) {
        synchronized (this) {
            inFlight = null;
            if (failure == null) {
                keys = set;
                keysFetchedAt = clock.instant();
                lastFailure = null;
                fetched.run();
            } else {
                lastFailure = reason(failure);
            }
        }
        if (failure == null) {
            fetch.complete(set);
        } else {
            fetch.completeExceptionally(failure);
        }
    }

    private JWKSet await(CompletableFuture<JWKSet> fetch) throws KeysOutOfReach {
        try {
            // The fetch ends by its own deadline; this one only makes sure that no waiter outlives it.
            return fetch.get(FETCH_DEADLINE.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeysOutOfReach("Interrupted while the issuer's keys were fetched from " + url, retryAfter(clock.instant()));
        } catch (ExecutionException | TimeoutException e) {
            synchronized (this) {
                throw outOfReach(clock.instant());
            }
        }
    }

    private KeysOutOfReach outOfReach(Instant now) {
        String why = lastFailure != null ? lastFailure
                : keys == null ? "not fetched yet"
                : "last fetched at " + keysFetchedAt + ", more than " + TIME_TO_LIVE.toMinutes() + " minutes ago";
        return new KeysOutOfReach("The issuer's keys could not be had from " + url + ": " + why, retryAfter(now));
    }

    /** Whole seconds until the next fetch may be made; at least one. */
    private int retryAfter(Instant now) {
        Instant next = lastAttempt == null ? now : lastAttempt.plus(minRefreshInterval);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (Duration.between(now, next).toMillis() + 999) / 1000));
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return "no complete answer within " + FETCH_DEADLINE.toSeconds() + " s";
        }
        return String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
    }
}
