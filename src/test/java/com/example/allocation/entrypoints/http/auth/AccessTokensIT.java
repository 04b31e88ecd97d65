package com.example.allocation.entrypoints.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.example.allocation.Eventually;
import com.example.allocation.TestClock;
import com.example.allocation.TestIssuer;
import com.example.allocation.TestIssuer.Fault;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Access tokens checked against a real issuer's keys, served over HTTP by {@link TestIssuer}. */
class AccessTokensIT {

    /** Longer than the 2 s a fetch of the keys may take as a whole, short enough to prove it bounded. */
    private static final Duration BOUNDED = Duration.ofSeconds(5);
    /** Far shorter than a fetch's 2 s: what may only be decided from what is in hand. */
    private static final Duration AT_ONCE = Duration.ofSeconds(1);
    private static final RSAKey STRANGER = TestIssuer.newRsaKey();

    private final TestIssuer issuer = TestIssuer.start();
    private final AccessTokens tokens = AccessTokens.of(issuer.settings());
    private final TestClock clock = new TestClock(Instant.now());
    private final ExecutorService callers = Executors.newFixedThreadPool(20);

    @AfterEach
    void stopIssuer() {
        callers.shutdownNow();
        issuer.close();
    }

    @Test
    void a_good_token_names_its_caller_and_the_scopes_it_grants() {
        Caller caller = tokens.verify(issuer.token("web-shop", "allocation:orders", "allocation:read"));

        assertThat(caller).isEqualTo(new Caller("web-shop", Set.of("allocation:orders", "allocation:read")));
    }

    @Test
    void scopes_may_come_as_an_scp_array_and_a_client_credentials_token_names_its_client() {
        Caller caller = tokens.verify(issuer.token(claims -> claims.subject(null).claim("client_id", "warehouse")
                .claim("scope", null).claim("scp", List.of("allocation:stock"))));

        assertThat(caller).isEqualTo(new Caller("warehouse", Set.of("allocation:stock")));
    }

    @Test
    void a_clock_a_little_behind_the_issuers_is_forgiven_up_to_a_minute() {
        Instant now = Instant.now();
        String justExpired = issuer.token(claims -> claims.expirationTime(Date.from(now.minusSeconds(30))));
        String soonValid = issuer.token(claims -> claims.notBeforeTime(Date.from(now.plusSeconds(30))));

        assertThat(tokens.verify(justExpired).subject()).isEqualTo("someone");
        assertThat(tokens.verify(soonValid).subject()).isEqualTo("someone");
    }

    @Test
    void a_token_verified_once_is_trusted_again_only_until_it_expires() {
        // Expired 55 s ago: within the minute of skew for 5 s more.
        String expiring = issuer.token(claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(55))));

        assertThat(tokens.verify(expiring).subject()).isEqualTo("someone");
        assertThat(tokens.verify(expiring).subject()).isEqualTo("someone");
        Eventually.await("the remembered token to expire", Duration.ofSeconds(30), () -> !accepts(expiring));
        assertThatThrownBy(() -> tokens.verify(expiring)).hasMessage("The bearer token has expired");
    }

    @Test
    void every_kind_of_bad_token_is_refused_saying_why_without_repeating_it() {
        Instant now = Instant.now();
        RSAKey stranger = TestIssuer.newRsaKey();
        RSAKey impostor = new RSAKey.Builder(TestIssuer.newRsaKey()).keyID(issuer.signingKey().getKeyID()).build();
        JWTClaimsSet good = TestIssuer.claims("someone", "allocation:read").build();

        refused("garbage", "The bearer token is not a well-formed JWT");
        refused("x.y.z", "The bearer token is not a well-formed JWT");
        refused(TestIssuer.sign(impostor, good), "The bearer token's signature does not verify");
        refused(TestIssuer.sign(stranger, good), "The bearer token is signed with an algorithm or a key this service does not accept");
        refused(issuer.token(claims -> claims.issuer("https://evil.test")),
                "The bearer token was issued by an issuer this service does not trust");
        refused(issuer.token(claims -> claims.audience("another-service")), "The bearer token is not meant for this service (audience)");
        refused(issuer.token(claims -> claims.audience((String) null)), "The bearer token is not meant for this service (audience)");
        refused(issuer.token(claims -> claims.expirationTime(Date.from(now.minusSeconds(120)))), "The bearer token has expired");
        refused(issuer.token(claims -> claims.notBeforeTime(Date.from(now.plusSeconds(120)))), "The bearer token is not valid yet");
        refused(issuer.token(claims -> claims.expirationTime(null)), "The bearer token has no expiry time (exp)");
        refused(TestIssuer.unsigned(good), "The bearer token is not signed; unsigned tokens are refused");
        refused(issuer.hmacWithThePublicKey(good),
                "The bearer token is signed with an algorithm or a key this service does not accept");
        refused(issuer.token(claims -> claims.subject(null)), "The bearer token names no subject (sub, client_id or azp)");
        refused(issuer.token(claims -> claims.subject("evil\nWARN forged log line")),
                "The bearer token's subject is not 1 to 255 printable characters");
    }

    @Test
    void a_new_key_is_fetched_when_a_token_names_it_and_a_key_taken_out_of_the_set_stops_working() {
        String signedWithTheOldKey = issuer.token("web-shop", "allocation:read");
        assertThat(tokens.verify(signedWithTheOldKey).subject()).isEqualTo("web-shop");

        RSAKey next = TestIssuer.newRsaKey();
        issuer.publish(next);
        issuer.signWith(next);
        String signedWithTheNewKey = issuer.token("web-shop", "allocation:read");

        // The first try may fall within the refresh interval (100 ms) of the first fetch.
        Eventually.await("the new key fetched", () -> accepts(signedWithTheNewKey));
        assertThatThrownBy(() -> tokens.verify(signedWithTheOldKey)).isInstanceOf(AccessTokens.InvalidToken.class);
    }

    @Test
    void tokens_naming_unknown_keys_cannot_make_the_service_hammer_the_issuer() {
        AccessTokens patient = AccessTokens.of(issuer.settings(Duration.ofMinutes(1)));
        patient.verify(issuer.token("web-shop", "allocation:read"));
        int fetches = issuer.jwksRequests();

        for (int i = 0; i < 50; i++) {
            RSAKey unknown = new RSAKey.Builder(TestIssuer.newRsaKey()).keyID(UUID.randomUUID().toString()).build();
            String token = TestIssuer.sign(unknown, TestIssuer.claims("attacker").build());
            assertThatThrownBy(() -> patient.verify(token)).isInstanceOf(AccessTokens.InvalidToken.class);
        }

        assertThat(issuer.jwksRequests() - fetches).isLessThanOrEqualTo(2);
    }

    @Test
    void keys_out_of_reach_are_not_the_callers_fault() {
        AccessTokens unreachable = AccessTokens.of(new AccessTokens.Settings(URI.create("http://127.0.0.1:1/jwks.json"), null,
                TestIssuer.ISSUER, Set.of(TestIssuer.AUDIENCE), Duration.ofMillis(100)));

        assertThatThrownBy(() -> unreachable.verify(issuer.token("web-shop", "allocation:read")))
                .isInstanceOf(AccessTokens.KeysUnavailable.class);
    }

    @Test
    void an_issuer_that_fails_leaves_a_good_token_unchecked_not_refused_until_it_answers_again() {
        int before = issuer.jwksRequests();
        issuer.fault(Fault.FAILS);
        AccessTokens timed = timed();
        String good = issuer.token("web-shop", "allocation:read");
        List<Integer> retryAfter = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> timed.verify(good)).isInstanceOfSatisfying(AccessTokens.KeysUnavailable.class,
                    unavailable -> retryAfter.add(unavailable.retryAfterSeconds()));
            clock.advance(Duration.ofSeconds(5));
        }

        assertThat(retryAfter).as("seconds until the keys are fetched again").containsExactly(30, 25, 20);
        assertThat(issuer.jwksRequests() - before).as("fetches").isEqualTo(1);
        issuer.fault(Fault.NONE);
        clock.advance(Duration.ofSeconds(16));
        assertThat(timed.verify(good).subject()).isEqualTo("web-shop");
        assertThat(issuer.jwksRequests() - before).as("fetches").isEqualTo(2);
    }

    @Test
    void while_the_issuer_fails_keys_in_hand_still_work_and_a_key_id_not_in_hand_is_unchecked_not_refused() {
        int before = issuer.jwksRequests();
        AccessTokens timed = timed();
        timed.verify(issuer.token("web-shop", "allocation:read"));
        issuer.fault(Fault.FAILS);
        clock.advance(Duration.ofSeconds(31));
        String rotated = TestIssuer.sign(TestIssuer.newRsaKey(), TestIssuer.claims("web-shop", "allocation:read").build());

        assertThatThrownBy(() -> timed.verify(rotated)).isInstanceOf(AccessTokens.KeysUnavailable.class);
        assertThatThrownBy(() -> timed.verify(rotated)).as("no fetch allowed yet, after one that failed")
                .isInstanceOf(AccessTokens.KeysUnavailable.class);
        assertThat(timed.verify(issuer.token("warehouse", "allocation:stock")).subject()).isEqualTo("warehouse");
        assertThat(issuer.jwksRequests() - before).as("fetches").isEqualTo(2);

        clock.advance(Duration.ofMinutes(5));
        assertThatThrownBy(() -> timed.verify(issuer.token("reporting", "allocation:read"))).as("keys in hand five minutes old")
                .isInstanceOf(AccessTokens.KeysUnavailable.class);
        assertThat(issuer.jwksRequests() - before).as("fetches").isEqualTo(3);
    }

    @Test
    void a_key_id_unknown_to_keys_fetched_without_fault_is_refused_with_one_fetch_per_interval_however_many_ask()
            throws Exception {
        int before = issuer.jwksRequests();
        AccessTokens timed = timed();
        timed.verify(issuer.token("web-shop", "allocation:read"));
        clock.advance(Duration.ofSeconds(32));
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<Throwable>> concurrent = new ArrayList<>();

        for (int i = 0; i < 20; i++) {
            String madeUp = madeUpKeyId();
            concurrent.add(callers.submit(() -> {
                gate.await();
                return refusal(timed, madeUp);
            }));
        }
        gate.countDown();

        for (Future<Throwable> refused : concurrent) {
            assertThat(refused.get()).isInstanceOf(AccessTokens.InvalidToken.class);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(refusal(timed, madeUpKeyId())).isInstanceOf(AccessTokens.InvalidToken.class);
        }
        assertThat(issuer.jwksRequests() - before).as("the first fetch, and one 32 s later").isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"HANGS", "TRICKLES", "BLOATED"})
    void an_issuer_that_hangs_trickles_or_floods_costs_a_request_a_bounded_wait_and_leaves_the_token_unchecked(Fault fault) {
        int before = issuer.jwksRequests();
        AccessTokens timed = timed();
        issuer.fault(fault);
        clock.advance(Duration.ofMinutes(5));
        String good = issuer.token("web-shop", "allocation:read");

        assertTimeoutPreemptively(BOUNDED, () -> assertThatThrownBy(() -> timed.verify(good))
                .isInstanceOf(AccessTokens.KeysUnavailable.class));
        assertThat(issuer.jwksRequests() - before).as("fetches").isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"HANGS", "TRICKLES"})
    void an_issuer_that_hangs_or_trickles_at_start_delays_the_start_a_bounded_time_and_leaves_tokens_unchecked(Fault fault) {
        issuer.fault(fault);

        AccessTokens timed = assertTimeoutPreemptively(BOUNDED, this::timed);

        assertThatThrownBy(() -> timed.verify(issuer.token("web-shop", "allocation:read")))
                .isInstanceOf(AccessTokens.KeysUnavailable.class);
    }

    @Test
    void requests_that_need_the_keys_while_they_are_fetched_share_that_fetch_and_its_deadline() throws Exception {
        int before = issuer.jwksRequests();
        AccessTokens timed = timed();
        issuer.fault(Fault.TRICKLES);
        clock.advance(Duration.ofMinutes(5));
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<Throwable>> concurrent = new ArrayList<>();

        for (int i = 0; i < 20; i++) {
            String good = issuer.token("caller-" + i, "allocation:read");
            concurrent.add(callers.submit(() -> {
                gate.await();
                return refusal(timed, good);
            }));
        }
        gate.countDown();

        assertTimeoutPreemptively(BOUNDED, () -> {
            for (Future<Throwable> unavailable : concurrent) {
                assertThat(unavailable.get()).isInstanceOf(AccessTokens.KeysUnavailable.class);
            }
        });
        assertThat(issuer.jwksRequests() - before).as("the first fetch, and one for all twenty").isEqualTo(2);
    }

    @Test
    void a_caller_is_recognised_without_waiting_for_the_issuer_by_a_token_already_verified_or_keys_in_hand() {
        AccessTokens timed = timed();
        String seen = issuer.token("monitoring", "allocation:read");
        String unseen = issuer.token("dashboard", "allocation:read");
        String later = issuer.token("pager", "allocation:read");
        String rotated = TestIssuer.sign(TestIssuer.newRsaKey(), TestIssuer.claims("monitoring", "allocation:read").build());
        timed.verify(seen);
        issuer.fault(Fault.HANGS);
        clock.advance(Duration.ofSeconds(31));

        assertTimeoutPreemptively(AT_ONCE, () -> {
            assertThat(timed.recognise(seen)).contains(new Caller("monitoring", Set.of("allocation:read")));
            assertThat(timed.recognise(unseen).map(Caller::subject)).contains("dashboard");
            assertThat(timed.recognise(rotated)).as("a key id not in hand").isEmpty();
            assertThat(timed.recognise("not-a-token")).isEmpty();
        });
        clock.advance(Duration.ofMinutes(5));
        assertTimeoutPreemptively(AT_ONCE, () -> {
            assertThat(timed.recognise(seen)).as("already verified").isPresent();
            assertThat(timed.recognise(later)).as("keys in hand five minutes old").isEmpty();
        });
    }

    @Test
    void a_caller_not_recognised_for_want_of_keys_has_them_fetched_for_next_time() {
        int before = issuer.jwksRequests();
        issuer.fault(Fault.FAILS);
        AccessTokens failedAtStart = AccessTokens.of(issuer.settings());
        issuer.fault(Fault.NONE);
        String good = issuer.token("monitoring", "allocation:read");

        Eventually.await("the keys fetched in the background", () -> failedAtStart.recognise(good).isPresent());
        assertThat(issuer.jwksRequests() - before).as("the failed fetch, and one that brought the keys").isEqualTo(2);
    }

    @Test
    void a_subject_that_could_break_a_line_or_reorder_the_text_around_it_is_refused_from_any_claim() {
        List<String> invisible = List.of("\u2028", "\u2029", "\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c",
                "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069");
        String reason = "The bearer token's subject is not 1 to 255 printable characters";

        for (String character : invisible) {
            String name = "web" + character + "shop";
            refused(issuer.token(claims -> claims.subject(name)), reason);
            refused(issuer.token(claims -> claims.subject(null).claim("client_id", name)), reason);
            refused(issuer.token(claims -> claims.subject(null).claim("azp", name)), reason);
        }
        String printable = "Lager Süd – 倉庫 🚚";
        assertThat(tokens.verify(issuer.token(claims -> claims.subject(printable))).subject()).isEqualTo(printable);
    }

    @Test
    void a_public_key_file_in_pem_verifies_rsa_and_ec_tokens(@TempDir Path dir) {
        ECKey ec = TestIssuer.newEcKey();
        AccessTokens fromRsaFile = AccessTokens.of(new AccessTokens.Settings(null,
                TestIssuer.writePublicKeyPem(issuer.signingKey(), dir.resolve("rsa.pem")), TestIssuer.ISSUER,
                Set.of(TestIssuer.AUDIENCE), Duration.ofSeconds(30)));
        AccessTokens fromEcFile = AccessTokens.of(new AccessTokens.Settings(null,
                TestIssuer.writePublicKeyPem(ec, dir.resolve("ec.pem")), TestIssuer.ISSUER, Set.of(TestIssuer.AUDIENCE),
                Duration.ofSeconds(30)));
        JWTClaimsSet claims = TestIssuer.claims("warehouse", "allocation:stock").build();

        assertThat(fromRsaFile.verify(TestIssuer.sign(issuer.signingKey(), claims)).subject()).isEqualTo("warehouse");
        assertThat(fromEcFile.verify(TestIssuer.sign(ec, claims)).subject()).isEqualTo("warehouse");
        assertThatThrownBy(() -> fromEcFile.verify(TestIssuer.sign(issuer.signingKey(), claims)))
                .isInstanceOf(AccessTokens.InvalidToken.class);
        assertThatThrownBy(() -> fromRsaFile.verify(issuer.hmacWithThePublicKey(claims)))
                .isInstanceOf(AccessTokens.InvalidToken.class);
    }

    @Test
    void a_key_file_that_is_not_a_public_key_stops_the_start_naming_the_file(@TempDir Path dir) throws Exception {
        Path privateKey = java.nio.file.Files.writeString(dir.resolve("private.pem"),
                "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> AccessTokens.of(new AccessTokens.Settings(null, privateKey, TestIssuer.ISSUER,
                Set.of(TestIssuer.AUDIENCE), Duration.ofSeconds(30))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(privateKey.toString())
                .hasMessageContaining("BEGIN PUBLIC KEY");
    }

    private void refused(String token, String reason) {
        assertThatThrownBy(() -> tokens.verify(token)).as(reason)
                .isInstanceOf(AccessTokens.InvalidToken.class)
                .hasMessage(reason);
    }

    /** Tokens checked with keys fetched at most once per 30 s, as in production, counted by {@link #clock}. */
    private AccessTokens timed() {
        return AccessTokens.of(issuer.settings(AccessTokens.Settings.DEFAULT_MIN_REFRESH_INTERVAL), clock);
    }

    private static Throwable refusal(AccessTokens tokens, String token) {
        try {
            tokens.verify(token);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** A token signed by a key the issuer never published, under a key id never seen before. */
    private static String madeUpKeyId() {
        RSAKey unknown = new RSAKey.Builder(STRANGER).keyID(UUID.randomUUID().toString()).build();
        return TestIssuer.sign(unknown, TestIssuer.claims("attacker").build());
    }

    private boolean accepts(String token) {
        try {
            return tokens.verify(token) != null;
        } catch (AccessTokens.InvalidToken e) {
            return false;
        }
    }
}
