package com.example.allocation.e2e;

import static com.example.allocation.e2e.RunningServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.example.allocation.Bootstrap;
import com.example.allocation.CapturedLog;
import com.example.allocation.Eventually;
import com.example.allocation.Service;
import com.example.allocation.TestConfig;
import com.example.allocation.TestDatabases;
import com.example.allocation.TestIssuer.Fault;
import com.example.allocation.TestIssuer;
import com.example.allocation.TestRedis;
import com.example.allocation.e2e.ApiClient.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The service with authentication on (docs/security.md): only callers with a valid token and the right scope
 * change stock or read it; every refusal is a 401 or 403 that changes nothing; who did what is recorded; an
 * identity provider in trouble costs a bounded wait and a 503, never a 401, and health does not wait for it.
 */
class AuthenticationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer than the 2 s a fetch of the keys may take as a whole, short enough to prove it bounded. */
    private static final Duration KEYS_BOUND = Duration.ofSeconds(5);
    /** "Within a second", with room for a loaded machine, and shorter than a fetch may take. */
    private static final Duration HEALTH_BOUND = Duration.ofMillis(1_500);

    private final TestIssuer issuer = TestIssuer.start();
    private final String sku = unique("LAMP");
    private Service service;
    private ApiClient anonymous;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        issuer.close();
    }

    private void start(TestConfig config) {
        service = Bootstrap.start(config.authenticatedBy(issuer.settings()).build());
        anonymous = new ApiClient(service.port());
    }

    private TestConfig embedded() {
        return TestConfig.on(TestDatabases.freshUrl(TestDatabases.Kind.H2));
    }

    private ApiClient as(String subject, String... scopes) {
        return anonymous.withToken(issuer.token(subject, scopes));
    }

    @Test
    void the_main_flow_works_with_tokens_and_what_it_sends_out_and_logs_names_who_asked() throws Exception {
        String stockToken = issuer.token("warehouse", "allocation:stock");
        String ordersToken = issuer.token("web-shop", "allocation:orders");
        String readToken = issuer.token("reporting", "allocation:read");
        try (TestRedis redis = new TestRedis();
                CapturedLog everything = new CapturedLog(Logger.ROOT_LOGGER_NAME, Level.INFO);
                CapturedLog ours = new CapturedLog("com.example.allocation", Level.INFO);
                TestRedis.Listener allocations = redis.listen("line_allocated")) {
            start(embedded().with("REDIS_URL", redis.url()));
            ApiClient warehouse = anonymous.withToken(stockToken);
            ApiClient webShop = anonymous.withToken(ordersToken);
            ApiClient reporting = anonymous.withToken(readToken);

            assertThat(warehouse.addBatch("b1", sku, 10, null).status()).isEqualTo(201);
            assertThat(webShop.allocate("o1", sku, 2).status()).isEqualTo(202);
            assertThat(anonymous.withToken("forged." + ordersToken).allocate("o2", sku, 2).status()).isEqualTo(401);

            assertThat(webShop.get("/allocations/o1").status()).isEqualTo(200);
            assertThat(webShop.get("/orders/o1").status()).isEqualTo(200);
            assertThat(warehouse.get("/products/" + sku).status()).isEqualTo(200);
            assertThat(reporting.get("/orders/o1").json().path("lines").get(0).path("batchref").asText()).isEqualTo("b1");
            JsonNode published = JSON.readTree(allocations.await(message -> message.contains("\"o1\""), Duration.ofSeconds(10)));
            assertThat(published.path("requested_by").asText()).isEqualTo("web-shop");
            assertThat(everything.text())
                    .contains("POST /add_batch 201", "by warehouse")
                    .contains("POST /allocate 202", "by web-shop")
                    .contains("GET /orders/o1 200", "by reporting");
            for (String token : List.of(stockToken, ordersToken, readToken)) {
                assertThat(everything.text() + ours.text()).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.')));
            }
        }
    }

    @Test
    void every_kind_of_bad_token_is_a_401_that_says_why_and_changes_nothing() {
        start(embedded());
        Instant now = Instant.now();
        RSAKey stranger = TestIssuer.newRsaKey();
        RSAKey impostor = new RSAKey.Builder(TestIssuer.newRsaKey()).keyID(issuer.signingKey().getKeyID()).build();
        JWTClaimsSet stock = TestIssuer.claims("warehouse", "allocation:stock").build();
        Map<String, String> badTokens = Map.ofEntries(
                Map.entry("garbage", "not-a-token"),
                Map.entry("bad signature", TestIssuer.sign(impostor, stock)),
                Map.entry("unknown key", TestIssuer.sign(stranger, stock)),
                Map.entry("wrong issuer", issuer.sign(claims(stock).issuer("https://evil.test").build())),
                Map.entry("wrong audience", issuer.sign(claims(stock).audience("billing").build())),
                Map.entry("expired", issuer.sign(claims(stock).expirationTime(Date.from(now.minusSeconds(300))).build())),
                Map.entry("not yet valid", issuer.sign(claims(stock).notBeforeTime(Date.from(now.plusSeconds(300))).build())),
                Map.entry("alg none", TestIssuer.unsigned(stock)),
                Map.entry("HMAC keyed with the public key", issuer.hmacWithThePublicKey(stock)));
        List<String> messages = new ArrayList<>();

        for (Map.Entry<String, String> bad : badTokens.entrySet()) {
            Response response = anonymous.withToken(bad.getValue()).post("/add_batch", batch("b1"));

            assertThat(response.status()).as(bad.getKey()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as(bad.getKey()).hasValueSatisfying(challenge ->
                    assertThat(challenge).startsWith("Bearer ").contains("error=\"invalid_token\""));
            assertThat(response.message()).as(bad.getKey()).startsWith("The bearer token").doesNotContain(bad.getValue());
            messages.add(response.message());
        }
        Response none = anonymous.post("/add_batch", batch("b1"));
        Response basic = anonymous.withAuthorization("Basic d2FyZWhvdXNlOnNlY3JldA==").post("/add_batch", batch("b1"));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).contains("Bearer realm=\"allocation\"");
        assertThat(none.message()).contains("Authorization: Bearer");
        assertThat(basic.status()).isEqualTo(401);
        assertThat(basic.message()).isEqualTo("Only bearer tokens are accepted: send Authorization: Bearer <token>");
        assertThat(messages).contains("The bearer token has expired", "The bearer token's signature does not verify",
                "The bearer token is not meant for this service (audience)");
        assertThat(as("warehouse", "allocation:stock").get("/products/" + sku).status()).isEqualTo(404);
    }

    @Test
    void a_valid_token_without_the_scope_is_a_403_naming_it_and_changes_nothing() {
        start(embedded());
        ApiClient warehouse = as("warehouse", "allocation:stock");
        ApiClient webShop = as("web-shop", "allocation:orders");
        ApiClient reporting = as("reporting", "allocation:read");
        warehouse.addBatch("b1", sku, 10, null);

        Response stockAllocating = warehouse.allocate("o1", sku, 1);
        Response ordersAddingStock = webShop.post("/add_batch", batch("b2"));
        Response ordersShrinkingStock = webShop.post("/change_batch_quantity", "{\"ref\": \"b1\", \"qty\": 0}");
        Response readerCancelling = reporting.post("/deallocate", "{\"orderid\": \"o1\", \"sku\": \"" + sku + "\"}");
        Response ordersReadingStock = webShop.get("/products/" + sku);
        Response stockReadingOrders = warehouse.get("/orders/o1");

        assertThat(stockAllocating.status()).isEqualTo(403);
        assertThat(stockAllocating.message()).isEqualTo("This request needs a token with the scope allocation:orders");
        assertThat(stockAllocating.header("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).contains("error=\"insufficient_scope\"", "scope=\"allocation:orders\""));
        assertThat(ordersAddingStock.status()).isEqualTo(403);
        assertThat(ordersAddingStock.message()).contains("allocation:stock");
        assertThat(ordersShrinkingStock.status()).isEqualTo(403);
        assertThat(readerCancelling.status()).isEqualTo(403);
        assertThat(ordersReadingStock.status()).isEqualTo(403);
        assertThat(ordersReadingStock.message()).contains("allocation:read or allocation:stock");
        assertThat(stockReadingOrders.status()).isEqualTo(403);
        assertThat(warehouse.get("/products/" + sku).json().path("batches").get(0).path("available").asInt()).isEqualTo(10);
        assertThat(as("reporting", "allocation:read").get("/orders/o1").status()).isEqualTo(404);
    }

    @Test
    void a_shop_places_and_confirms_holds_which_a_reader_may_only_look_at() {
        start(embedded());
        as("warehouse", "allocation:stock").addBatch("b1", sku, 10, null);
        ApiClient webShop = as("web-shop", "allocation:orders");
        ApiClient reporting = as("reporting", "allocation:read");
        String hold = "{\"holdid\": \"cart-1\", \"lines\": [{\"sku\": \"" + sku + "\", \"qty\": 2}]}";

        assertThat(reporting.post("/holds", hold).status()).isEqualTo(403);
        assertThat(as("warehouse", "allocation:stock").post("/holds", hold).status()).isEqualTo(403);
        assertThat(webShop.post("/holds", hold).status()).isEqualTo(201);
        assertThat(reporting.get("/holds/cart-1").json().path("status").asText()).isEqualTo("active");
        assertThat(reporting.send("DELETE", "/holds/cart-1", (String) null, null).status()).isEqualTo(403);
        assertThat(reporting.post("/holds/cart-1/confirm", "{\"orderid\": \"o1\"}").status()).isEqualTo(403);
        assertThat(webShop.post("/holds/cart-1/confirm", "{\"orderid\": \"o1\"}").status()).isEqualTo(202);
        assertThat(reporting.get("/orders/o1").json().path("lines").get(0).path("qty").asInt()).isEqualTo(2);
    }

    @Test
    void health_tells_an_unauthenticated_caller_only_whether_the_service_is_up() {
        start(embedded());

        JsonNode open = anonymous.get("/health").json();
        Response forged = anonymous.withToken("not-a-token").get("/health");
        JsonNode trusted = as("monitoring", "allocation:read").get("/health").json();

        assertThat(open.fieldNames()).toIterable().containsExactly("status");
        assertThat(open.path("status").asText()).isEqualTo("ok");
        assertThat(forged.status()).isEqualTo(200);
        assertThat(forged.json().fieldNames()).toIterable().containsExactly("status");
        assertThat(forged.header("WWW-Authenticate")).isEmpty();
        assertThat(trusted.has("database")).isTrue();
    }

    @Test
    void while_the_issuer_fails_hangs_or_trickles_a_good_token_is_a_503_to_retry_in_bounded_time_never_a_401() {
        issuer.fault(Fault.FAILS);
        start(embedded());
        ApiClient warehouse = as("warehouse", "allocation:stock");

        for (Fault fault : List.of(Fault.FAILS, Fault.HANGS, Fault.TRICKLES)) {
            issuer.fault(fault);
            int fetches = issuer.jwksRequests();
            // Until a request has made the service fetch the keys from the issuer in this state, and one more.
            Eventually.await("a fetch of the keys while the issuer " + fault, () -> unavailable(warehouse, fault)
                    && issuer.jwksRequests() > fetches);
            unavailable(warehouse, fault);
        }
        issuer.fault(Fault.NONE);
        Eventually.await("the keys fetched again", () -> warehouse.get("/products/" + sku).status() == 404);
    }

    /** A 503 telling the client when to try again, within a bounded time, whatever the issuer does. */
    private boolean unavailable(ApiClient caller, Fault fault) {
        Timed<Response> answer = timed(() -> caller.get("/products/" + sku));

        assertThat(answer.value().status()).as(fault.toString()).isEqualTo(503);
        assertThat(answer.value().header("Retry-After")).as(fault.toString())
                .hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        assertThat(answer.value().message()).contains("the issuer's keys are out of reach");
        assertThat(answer.took()).as(fault.toString()).isLessThan(KEYS_BOUND);
        return true;
    }

    @Test
    void health_answers_within_a_second_whatever_the_issuer_does_showing_details_to_a_token_it_can_check_at_once() {
        start(embedded());
        ApiClient monitoring = as("monitoring", "allocation:read");
        assertThat(monitoring.get("/health").json().has("database")).isTrue();
        ApiClient dashboard = as("dashboard", "allocation:read");
        ApiClient rotated = anonymous.withToken(
                TestIssuer.sign(TestIssuer.newRsaKey(), TestIssuer.claims("pager", "allocation:read").build()));

        issuer.fault(Fault.HANGS);
        Timed<Response> verifiedBefore = timed(() -> monitoring.get("/health"));
        Timed<Response> keyInHand = timed(() -> dashboard.get("/health"));
        Timed<Response> keyNotInHand = timed(() -> rotated.get("/health"));

        for (Timed<Response> health : List.of(verifiedBefore, keyInHand, keyNotInHand)) {
            assertThat(health.took()).isLessThan(HEALTH_BOUND);
            assertThat(health.value().status()).isEqualTo(200);
        }
        assertThat(verifiedBefore.value().json().has("database")).isTrue();
        assertThat(keyInHand.value().json().has("database")).isTrue();
        assertThat(keyNotInHand.value().json().fieldNames()).toIterable().containsExactly("status");
        assertThat(keyNotInHand.value().header("WWW-Authenticate")).isEmpty();
    }

    @Test
    void a_caller_over_its_rate_limit_is_told_to_wait_and_other_callers_are_not() {
        start(embedded().with("RATE_LIMIT_PER_SECOND", "1").with("RATE_LIMIT_BURST", "3"));
        ApiClient greedy = as("greedy", "allocation:read");
        ApiClient polite = as("polite", "allocation:read");

        List<Integer> statuses = new ArrayList<>();
        Response last = null;
        for (int i = 0; i < 6; i++) {
            last = greedy.get("/products/" + sku);
            statuses.add(last.status());
        }

        assertThat(statuses).startsWith(404, 404, 404).contains(429);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.header("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
        assertThat(polite.get("/products/" + sku).status()).isEqualTo(404);
    }

    private String batch(String batchRef) {
        return "{\"ref\": \"" + batchRef + "\", \"sku\": \"" + sku + "\", \"qty\": 10, \"eta\": null}";
    }

    private static JWTClaimsSet.Builder claims(JWTClaimsSet claims) {
        return new JWTClaimsSet.Builder(claims);
    }

    private record Timed<T>(T value, Duration took) {
    }

    private static <T> Timed<T> timed(Supplier<T> action) {
        long start = System.nanoTime();
        T value = action.get();
        return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
    }
}
