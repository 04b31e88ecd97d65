package com.example.allocation;

import com.example.allocation.entrypoints.http.auth.AccessTokens;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An identity provider for tests: its own RSA keys, made by the test, published as a JWK set by a real
 * HTTP server on loopback, and access tokens signed with them — good ones, and each kind of bad one. Its
 * JWKS endpoint can be made to fail the ways a real one does ({@link Fault}).
 */
public final class TestIssuer implements AutoCloseable {

    public static final String ISSUER = "https://issuer.test";
    public static final String AUDIENCE = "allocation";

    /** How the JWKS endpoint answers. */
    public enum Fault {
        /** The JWK set, at once. */
        NONE,
        /** {@code 500}, no body. */
        FAILS,
        /** The request is taken and never answered, until the issuer is closed. */
        HANGS,
        /** {@code 200} at once, then the JWK set one byte every half second. */
        TRICKLES,
        /** {@code 200} and the JWK set, after 300 KiB of white space: valid JSON, too big to take. */
        BLOATED
    }

    private static final Duration TRICKLE_PAUSE = Duration.ofMillis(500);

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-issuer");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private volatile Fault fault = Fault.NONE;
    private volatile String jwks;
    private volatile RSAKey signingKey;

    private TestIssuer() throws IOException {
        signingKey = newRsaKey();
        publish(signingKey);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/jwks.json", exchange -> {
            jwksRequests.incrementAndGet();
            try (exchange) {
                answer(exchange, fault);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    private void answer(HttpExchange exchange, Fault fault) throws IOException, InterruptedException {
        byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        switch (fault) {
            case NONE -> {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            case FAILS -> exchange.sendResponseHeaders(500, -1);
            case HANGS -> closed.await();
            case TRICKLES -> {
                exchange.sendResponseHeaders(200, body.length);
                OutputStream out = exchange.getResponseBody();
                for (int i = 0; i < body.length && !closed.await(TRICKLE_PAUSE.toMillis(), TimeUnit.MILLISECONDS); i++) {
                    out.write(body[i]);
                    out.flush();
                }
            }
            case BLOATED -> {
                byte[] padding = " ".repeat(300 * 1024).getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, padding.length + body.length);
                exchange.getResponseBody().write(padding);
                exchange.getResponseBody().write(body);
            }
        }
    }

    public static TestIssuer start() {
        try {
            return new TestIssuer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI jwksUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    /** How the service is told to trust this issuer, refreshing its keys at most once per {@code minRefreshInterval}. */
    public AccessTokens.Settings settings(Duration minRefreshInterval) {
        return new AccessTokens.Settings(jwksUrl(), null, ISSUER, Set.of(AUDIENCE), minRefreshInterval);
    }

    public AccessTokens.Settings settings() {
        return settings(Duration.ofMillis(100));
    }

    /** How many requests the JWKS endpoint has taken, answered or not. */
    public int jwksRequests() {
        return jwksRequests.get();
    }

    /** Answers the JWKS requests that come from now on this way. */
    public void fault(Fault fault) {
        this.fault = fault;
    }

    public static RSAKey newRsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ECKey newEcKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes exactly these keys (their public halves) in the JWK set. */
    public void publish(JWK... keys) {
        List<JWK> published = new ArrayList<>();
        for (JWK key : keys) {
            published.add(key.toPublicJWK());
        }
        jwks = new JWKSet(published).toString();
    }

    /** Signs new tokens with {@code key} from now on (publishing it is a separate step, as in a real rotation). */
    public void signWith(RSAKey key) {
        signingKey = key;
    }

    public RSAKey signingKey() {
        return signingKey;
    }

    /** Claims of a good token for {@code subject} with {@code scopes}, valid for five minutes. */
    public static JWTClaimsSet.Builder claims(String subject, String... scopes) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("scope", String.join(" ", scopes));
    }

    /** A good token. */
    public String token(String subject, String... scopes) {
        return sign(claims(subject, scopes).build());
    }

    /** A token with good claims changed by {@code change}, signed with the current key. */
    public String token(UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(change.apply(claims("someone", "allocation:read")).build());
    }

    public String sign(JWTClaimsSet claims) {
        return sign(signingKey, claims);
    }

    public static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            return signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                    new RSASSASigner(key), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(ECKey key, JWTClaimsSet claims) {
        try {
            return signed(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), new ECDSASigner(key), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}: no signature at all. */
    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /**
     * The classic confusion attack: an HS256 token whose HMAC key is the issuer's public key, which anyone has.
     * A verifier that let the token pick its algorithm would take the public key as the HMAC secret.
     */
    public String hmacWithThePublicKey(JWTClaimsSet claims) {
        try {
            byte[] publicKey = signingKey.toRSAPublicKey().getEncoded();
            return signed(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(signingKey.getKeyID()).build(), new MACSigner(publicKey), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signed(JWSHeader header, JWSSigner signer, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** Writes {@code key}'s public half as a PEM file, as an identity provider hands it out. */
    public static Path writePublicKeyPem(JWK key, Path file) {
        try {
            byte[] der = key instanceof RSAKey rsa ? rsa.toRSAPublicKey().getEncoded() : ((ECKey) key).toECPublicKey().getEncoded();
            String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
            return Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
