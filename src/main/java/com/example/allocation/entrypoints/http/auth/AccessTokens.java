package com.example.allocation.entrypoints.http.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.nio.file.Path;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Verifies OAuth2 access tokens (JWTs) with Nimbus JOSE+JWT: the signature with the issuer's public keys,
 * then the issuer, the audience and the validity period, allowing at most a minute of clock skew. Only
 * asymmetric algorithms are accepted, so a token signed with HMAC (perhaps keyed with our public key) or not
 * signed at all ({@code alg: none}) is refused, whatever its header says (docs/security.md).
 *
 * <p>Keys come from the issuer's JWKS URL ({@link IssuerKeys}: fetched first when this is made, then each fetch
 * done within 2 s as a whole, one at a time, at most once per {@code minRefreshInterval}, kept five minutes,
 * fetched again when a token names a key id not in hand) or from one PEM file. One instance serves any number
 * of threads.
 */
public final class AccessTokens {

    /** The asymmetric signature algorithms accepted. EdDSA is not among them: Nimbus needs Google Tink for it. */
    public static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    static final int MAX_CLOCK_SKEW_SECONDS = 60;
    private static final long MAX_REMEMBERED_TOKENS = 10_000;

    /**
     * Where the keys are and what a token must say.
     *
     * @param jwksUrl the issuer's JWK set, or null when {@code publicKeyFile} is given
     * @param publicKeyFile a PEM file holding the issuer's one public key (RSA or EC), or null
     * @param issuer the exact {@code iss} a token must carry
     * @param audiences the {@code aud} values that name this service; a token must carry one of them
     * @param minRefreshInterval how often, at most, the JWK set is fetched again for an unknown key id
     */
    public record Settings(URI jwksUrl, Path publicKeyFile, String issuer, Set<String> audiences, Duration minRefreshInterval) {

        public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

        public Settings {
            if ((jwksUrl == null) == (publicKeyFile == null)) {
                throw new IllegalArgumentException("Set exactly one of AUTH_JWKS_URL and AUTH_PUBLIC_KEY_FILE");
            }
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalArgumentException("AUTH_ISSUER must be set with "
                        + (jwksUrl != null ? "AUTH_JWKS_URL" : "AUTH_PUBLIC_KEY_FILE") + ": tokens from any other issuer are refused");
            }
            if (audiences == null || audiences.isEmpty()) {
                throw new IllegalArgumentException("AUTH_AUDIENCE must be set with "
                        + (jwksUrl != null ? "AUTH_JWKS_URL" : "AUTH_PUBLIC_KEY_FILE") + ": the audience that names this service");
            }
            audiences = Set.copyOf(audiences);
        }

        /** Where keys come from, for the start-up line. */
        public String keySource() {
            return jwksUrl != null ? "keys from " + jwksUrl : "the key in " + publicKeyFile;
        }
    }

    /** The token was refused; the message says why without repeating any of it. */
    public static final class InvalidToken extends RuntimeException {

        InvalidToken(String message) {
            super(message, null, false, false);
        }
    }

    /** The issuer's keys could not be fetched, so no token can be checked right now. */
    public static final class KeysUnavailable extends RuntimeException {

        private final int retryAfterSeconds;

        KeysUnavailable(Throwable cause, int retryAfterSeconds) {
            super("The service cannot check access tokens right now: the issuer's keys are out of reach", cause);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** How long until the keys are fetched again, in whole seconds: at least one. */
        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** A token already verified: who it is, until when it holds, and against which fetch of the issuer's keys. */
    private record Verified(Caller caller, Instant until, long keyGeneration) {
    }

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    /**
     * Tokens already verified, so that a client's token, sent with every request for its lifetime, is checked
     * once and not at every request (checking a signature costs far more CPU than a look-up). Only a token that verified
     * gets here, under its exact text; it is trusted again until it expires, and not after the issuer's keys
     * were fetched again ({@link #keyGeneration}): a key taken out of the set stops working as it would
     * without the cache. Bounded: callers cannot make it grow without end.
     */
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(MAX_REMEMBERED_TOKENS)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();
    /** How many times the issuer's keys have been fetched; the keys of a PEM file are fetched never. */
    private final AtomicLong keyGeneration;

    private AccessTokens(JWSKeySelector<SecurityContext> keys, AtomicLong keyGeneration, String issuer, Set<String> audiences) {
        this.keyGeneration = keyGeneration;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(keys);
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audiences,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp"), null);
        claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * Waits for the first fetch of a JWKS, at most 2 s; one that fails is logged, and tokens are answered 503
     * until the keys can be had.
     *
     * @throws IllegalArgumentException if the key file cannot be read or holds no RSA or EC public key, naming the file
     */
    public static AccessTokens of(Settings settings) {
        return of(settings, Clock.systemUTC());
    }

    /** @param clock what the JWKS's refresh interval and five minutes are counted by */
    static AccessTokens of(Settings settings, Clock clock) {
        AtomicLong keyGeneration = new AtomicLong();
        JWSKeySelector<SecurityContext> keys = settings.jwksUrl() != null
                ? new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHMS, jwks(settings, keyGeneration, clock))
                : singleKey(PemPublicKey.read(settings.publicKeyFile()));
        return new AccessTokens(keys, keyGeneration, settings.issuer(), settings.audiences());
    }

    private static IssuerKeys jwks(Settings settings, AtomicLong keyGeneration, Clock clock) {
        IssuerKeys keys;
        try {
            keys = new IssuerKeys(settings.jwksUrl(), settings.minRefreshInterval(), keyGeneration::incrementAndGet, clock);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("AUTH_JWKS_URL is not an http(s) URL: " + e.getMessage());
        }
        keys.fetchFirst();
        return keys;
    }

    /** The one key of a PEM file, for any accepted algorithm of its type; a key id in the token is not needed. */
    private static JWSKeySelector<SecurityContext> singleKey(PublicKey key) {
        Set<JWSAlgorithm> family = new HashSet<>(ACCEPTED_ALGORITHMS);
        family.retainAll(key instanceof RSAPublicKey ? JWSAlgorithm.Family.RSA : JWSAlgorithm.Family.EC);
        List<Key> only = List.of(key);
        return (header, context) -> family.contains(header.getAlgorithm()) ? only : List.of();
    }

    /**
     * @return who the token says is calling
     * @throws InvalidToken if the token is malformed, unsigned or badly signed, from another issuer, for another
     *     audience, expired or not yet valid, or names no subject
     * @throws KeysUnavailable if the keys to check it could not be fetched
     */
    public Caller verify(String token) {
        return verify(token, null);
    }

    /**
     * Who the token says is calling, if that can be told without waiting for the issuer's keys: the token was
     * verified already, or verifies with the keys in hand. For a caller that must not wait (health): never
     * fetches keys itself, never throws.
     */
    public Optional<Caller> recognise(String token) {
        try {
            return Optional.of(verify(token, IssuerKeys.AT_HAND));
        } catch (InvalidToken | KeysUnavailable e) {
            return Optional.empty();
        }
    }

    private Caller verify(String token, SecurityContext context) {
        long generation = keyGeneration.get();
        Verified known = verified.getIfPresent(token);
        if (known != null && known.keyGeneration() == generation && Instant.now().isBefore(known.until())) {
            return known.caller();
        }
        JWTClaimsSet claims = check(token, context);
        Caller caller = Caller.of(claims);
        Instant until = claims.getExpirationTime().toInstant().plusSeconds(MAX_CLOCK_SKEW_SECONDS);
        verified.put(token, new Verified(caller, until, generation));
        return caller;
    }

    /** The token's claims, once its signature and claims are checked: the costly part. */
    private JWTClaimsSet check(String token, SecurityContext context) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, context);
        } catch (ParseException e) {
            throw new InvalidToken("The bearer token is not a well-formed JWT");
        } catch (IssuerKeys.KeysOutOfReach e) {
            throw new KeysUnavailable(e, e.retryAfterSeconds());
        } catch (BadJOSEException e) {
            throw new InvalidToken(explain(e));
        } catch (JOSEException e) {
            throw new InvalidToken("The bearer token's signature could not be checked");
        }
        return claims;
    }

    /** Nimbus's reason, in our words: its own messages may quote the token's claims, which we never repeat. */
    private static String explain(BadJOSEException e) {
        String reason = String.valueOf(e.getMessage());
        if (reason.startsWith("Expired JWT")) {
            return "The bearer token has expired";
        }
        if (reason.startsWith("JWT before use time")) {
            return "The bearer token is not valid yet";
        }
        if (reason.contains("aud claim")) {
            return "The bearer token is not meant for this service (audience)";
        }
        if (reason.startsWith("JWT iss claim")) {
            return "The bearer token was issued by an issuer this service does not trust";
        }
        if (reason.startsWith("JWT missing required claims")) {
            return "The bearer token has no expiry time (exp)";
        }
        if (reason.startsWith("Unsecured") || reason.startsWith("Plain JWT")) {
            return "The bearer token is not signed; unsigned tokens are refused";
        }
        if (reason.startsWith("Encrypted JWT")) {
            return "The bearer token is encrypted; only signed tokens are accepted";
        }
        if (reason.contains("Invalid signature")) {
            return "The bearer token's signature does not verify";
        }
        if (reason.contains("typ")) {
            return "The bearer token is not an access token (typ)";
        }
        return "The bearer token is signed with an algorithm or a key this service does not accept";
    }
}
