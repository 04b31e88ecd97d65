package com.example.allocation.entrypoints.http;

import com.example.allocation.entrypoints.http.auth.AccessTokens;
import com.example.allocation.entrypoints.http.auth.Caller;
import com.example.allocation.entrypoints.http.auth.RateLimits;
import com.example.allocation.servicelayer.messagebus.Origin;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may call which route (docs/security.md): a request to a business route must carry a valid bearer
 * token granting one of the route's scopes, and stay within the caller's rate limit. Without
 * {@link AccessTokens} the service runs without authentication (on loopback only, unless told otherwise)
 * and every request is let through, still rate-limited if limits are set.
 */
public final class AccessControl {

    public static final String ORDERS = "allocation:orders";
    public static final String STOCK = "allocation:stock";
    public static final String READ = "allocation:read";

    private static final String CALLER = "caller";
    private static final String REALM = "Bearer realm=\"allocation\"";

    private final AccessTokens tokens;
    private final RateLimits rateLimits;

    /**
     * @param tokens how tokens are verified, or null to run without authentication
     * @param rateLimits the per-caller limits, or null for none
     */
    public AccessControl(AccessTokens tokens, RateLimits rateLimits) {
        this.tokens = tokens;
        this.rateLimits = rateLimits;
    }

    /**
     * Lets a request to a business route through, or refuses it before anything is read or changed: 401
     * without a valid token, 403 without one of {@code scopes}, 429 over the rate limit.
     */
    void admit(Context ctx, Set<String> scopes) {
        Caller caller = null;
        if (tokens != null) {
            try {
                caller = authenticate(ctx);
            } catch (Unauthenticated refused) {
                limit(ctx, null);
                ctx.header("WWW-Authenticate", refused.challenge);
                throw new ClientError(401, refused.getMessage());
            }
        }
        limit(ctx, caller);
        if (caller != null && !caller.hasAnyOf(scopes)) {
            Set<String> sorted = new TreeSet<>(scopes);
            ctx.header("WWW-Authenticate", REALM + ", error=\"insufficient_scope\", scope=\"" + String.join(" ", sorted) + "\"");
            throw new ClientError(403, "This request needs a token with the scope " + String.join(" or ", sorted));
        }
        ctx.attribute(CALLER, caller);
    }

    /**
     * Whether the caller may see internal details (the health page's versions and states): always without
     * authentication, otherwise only with a valid token — one already verified, or that verifies with the
     * issuer's keys in hand. Never refuses, and never waits for the keys: health answers whatever the
     * identity provider does, to a caller it cannot check yet as to one without a token.
     */
    boolean trusts(Context ctx) {
        if (tokens == null) {
            return true;
        }
        if (ctx.header("Authorization") == null) {
            return false;
        }
        try {
            Optional<Caller> caller = tokens.recognise(bearerToken(ctx));
            caller.ifPresent(known -> ctx.attribute(CALLER, known));
            return caller.isPresent();
        } catch (Unauthenticated refused) {
            return false;
        }
    }

    /** Who the request is from — the authenticated caller admitted, or no one — and its id, for the bus. */
    static Origin origin(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        Origin origin = caller == null ? Origin.UNAUTHENTICATED : Origin.requestedBy(caller.subject());
        return origin.correlatedBy(RequestIds.of(ctx));
    }

    /** Who the request is from, for the access log. */
    static String subject(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        return caller == null ? "-" : caller.subject();
    }

    /** The request's bearer token, verified. */
    private Caller authenticate(Context ctx) {
        String token = bearerToken(ctx);
        try {
            return tokens.verify(token);
        } catch (AccessTokens.InvalidToken e) {
            throw new Unauthenticated(REALM + ", error=\"invalid_token\", error_description=\"" + e.getMessage() + "\"", e.getMessage());
        }
    }

    /** The token of the request's {@code Authorization: Bearer} header, not yet verified. */
    private static String bearerToken(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new Unauthenticated(REALM, "This request needs an access token: send Authorization: Bearer <token>");
        }
        String[] parts = header.trim().split("\\s+", 2);
        if (parts.length < 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
            throw new Unauthenticated(REALM, "Only bearer tokens are accepted: send Authorization: Bearer <token>");
        }
        return parts[1];
    }

    /** No valid token: why, and the challenge that tells the client how to authenticate (RFC 6750). */
    private static final class Unauthenticated extends RuntimeException {

        private final String challenge;

        Unauthenticated(String challenge, String message) {
            super(message, null, false, false);
            this.challenge = challenge;
        }
    }

    private void limit(Context ctx, Caller caller) {
        if (rateLimits == null) {
            return;
        }
        String key = caller != null ? "subject " + caller.subject() : "address " + ctx.ip();
        OptionalLong retryAfter = rateLimits.take(key);
        if (retryAfter.isPresent()) {
            ctx.header("Retry-After", String.valueOf(retryAfter.getAsLong()));
            throw new ClientError(429, "Too many requests from this caller; try again in " + retryAfter.getAsLong() + " s");
        }
    }
}
