package com.example.allocation.e2e;

import static com.example.allocation.e2e.RunningServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Bootstrap;
import com.example.allocation.Service;
import com.example.allocation.TestConfig;
import com.example.allocation.TestDatabases;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.example.allocation.e2e.ApiClient.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Checkout holds over HTTP, on each database: the checkout a shop makes, and the races it must survive. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class HoldsApiIT {

    @Parameter
    TestDatabases.Kind kind;

    private ApiClient api;
    private final String sku = unique("CHAIR");
    private final String otherSku = unique("LAMP");
    private final String cart = unique("cart");

    @BeforeEach
    void client() {
        api = RunningServices.client(kind);
    }

    private static Response placeHold(ApiClient api, String holdId, String lines) {
        return api.post("/holds", "{\"holdid\": \"%s\", \"lines\": %s, \"ttl_seconds\": 600}".formatted(holdId, lines));
    }

    private static String line(String sku, int qty) {
        return "{\"sku\": \"%s\", \"qty\": %d}".formatted(sku, qty);
    }

    @Test
    void a_checkout_holds_the_stock_extends_the_hold_and_confirms_it_into_an_order() {
        String shelf = unique("shelf");
        String lamps = unique("lamps");
        api.addBatch(shelf, sku, 5, null);
        api.addBatch(lamps, otherSku, 5, "2026-12-24");
        String order = unique("order");

        Response placed = placeHold(api, cart, "[" + line(sku, 2) + ", " + line(otherSku, 1) + "]");
        assertThat(placed.status()).isEqualTo(201);
        assertThat(placed.location()).contains("/holds/" + cart);
        assertThat(placed.json().get("status").asText()).isEqualTo("active");
        assertThat(placed.json().get("lines").toString()).isEqualTo(("[{\"sku\":\"%s\",\"qty\":2,\"batchref\":\"%s\",\"eta\":null},"
                + "{\"sku\":\"%s\",\"qty\":1,\"batchref\":\"%s\",\"eta\":\"2026-12-24\"}]").formatted(sku, shelf, otherSku, lamps));

        assertThat(api.get("/products/" + sku + "/availability?qty=5").json().get("available_now").asLong()).isEqualTo(3);
        assertThat(api.get("/products/" + sku + "/availability?qty=5&holdid=" + cart).json().get("available_now").asLong()).isEqualTo(5);
        JsonNode batch = api.get("/products/" + sku).json().get("batches").get(0);
        assertThat(batch.get("held").asInt()).isEqualTo(2);
        assertThat(batch.get("available").asInt()).isEqualTo(3);

        Response extended = api.post("/holds/" + cart + "/extend", "{\"ttl_seconds\": 900}");
        assertThat(extended.status()).isEqualTo(200);
        assertThat(extended.json().get("expires_at").asText()).isGreaterThan(placed.json().get("expires_at").asText());

        Response confirmed = api.post("/holds/" + cart + "/confirm", "{\"orderid\": \"" + order + "\"}");
        assertThat(confirmed.status()).isEqualTo(202);
        assertThat(confirmed.location()).contains("/orders/" + order);
        assertThat(api.get("/holds/" + cart).json().get("status").asText()).isEqualTo("confirmed");
        assertThat(api.get("/holds/" + cart).json().get("orderid").asText()).isEqualTo(order);
        assertThat(api.get("/orders/" + order).json().get("lines").toString()).contains("\"batchref\":\"" + shelf + "\"", "\"batchref\":\"" + lamps + "\"");
        assertThat(api.get("/orders/" + order + "/history").json().get("history").get(0).get("cause").asText())
                .isEqualTo("hold " + cart + " confirmed");
        assertThat(api.get("/products/" + sku).json().get("batches").get(0).get("held").asInt()).isZero();
        assertThat(api.post("/holds/" + cart + "/confirm", "{\"orderid\": \"" + order + "\"}").status()).isEqualTo(202);
        assertThat(api.post("/holds/" + cart + "/confirm", "{\"orderid\": \"another\"}").status()).isEqualTo(409);
        assertThat(api.send("DELETE", "/holds/" + cart, (String) null, null).status()).isEqualTo(409);
    }

    @Test
    void a_hold_is_all_or_nothing_the_same_again_is_answered_as_it_is_and_a_release_gives_the_stock_back() {
        String shelf = unique("shelf");
        api.addBatch(shelf, sku, 3, null);
        api.addBatch(unique("lamps"), otherSku, 5, null);

        Response tooMuch = placeHold(api, cart, "[" + line(otherSku, 1) + ", " + line(sku, 4) + "]");
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.json().get("short").toString()).isEqualTo("[{\"sku\":\"%s\",\"qty\":4,\"available\":3}]".formatted(sku));
        assertThat(api.get("/holds/" + cart).status()).isEqualTo(404);
        assertThat(api.get("/products/" + otherSku).json().get("batches").get(0).get("held").asInt()).isZero();

        Response placed = placeHold(api, cart, "[" + line(sku, 3) + "]");
        assertThat(placed.status()).isEqualTo(201);
        Response again = placeHold(api, cart, "[" + line(sku, 3) + "]");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(placed.json());
        assertThat(placeHold(api, cart, "[" + line(sku, 2) + "]").status()).isEqualTo(409);
        assertThat(placeHold(api, unique("cart"), "[" + line("NO-SUCH-" + sku, 1) + "]").message()).isEqualTo("Invalid sku NO-SUCH-" + sku);

        String order = unique("order");
        assertThat(api.allocate(order, sku, 1).status()).isEqualTo(202);
        assertThat(api.get("/orders/" + order).json().get("lines").get(0).get("status").asText()).isEqualTo("backordered");

        assertThat(api.send("DELETE", "/holds/" + cart, (String) null, null).status()).isEqualTo(204);
        assertThat(api.send("DELETE", "/holds/" + cart, (String) null, null).status()).isEqualTo(204);
        assertThat(api.get("/holds/" + cart).json().get("status").asText()).isEqualTo("released");
        assertThat(api.get("/orders/" + order).json().get("lines").get(0).get("batchref").asText()).isEqualTo(shelf);
        assertThat(api.send("DELETE", "/holds/" + unique("never"), (String) null, null).status()).isEqualTo(404);
        assertThat(api.get("/products/" + sku + "/availability?qty=1&holdid=" + unique("never")).status()).isEqualTo(404);
    }

    @Test
    void fifty_checkouts_racing_for_the_last_ten_units_hold_exactly_ten() throws Exception {
        api.addBatch(unique("last"), sku, 10, null);

        List<Integer> answers = race(List.of(api), 50);

        assertThat(answers).filteredOn(status -> status == 201).hasSize(10);
        assertThat(answers).filteredOn(status -> status == 409).hasSize(40);
        JsonNode batch = api.get("/products/" + sku).json().get("batches").get(0);
        assertThat(batch.get("held").asInt()).isEqualTo(10);
        assertThat(batch.get("available").asInt()).isZero();
    }

    @Test
    void two_instances_on_one_database_hold_the_last_ten_units_exactly_once_and_either_confirms_a_hold() throws Exception {
        DatabaseUrl database = TestDatabases.freshUrl(kind);
        try (Service first = Bootstrap.start(TestConfig.on(database).build());
                Service second = Bootstrap.start(TestConfig.on(database).build())) {
            ApiClient one = new ApiClient(first.port());
            ApiClient two = new ApiClient(second.port());
            one.addBatch(unique("last"), sku, 10, null);

            List<Integer> answers = race(List.of(one, two), 50);

            assertThat(answers).filteredOn(status -> status == 201).hasSize(10);
            assertThat(answers).filteredOn(status -> status == 409).hasSize(40);
            assertThat(two.get("/products/" + sku).json().get("batches").get(0).get("held").asInt()).isEqualTo(10);

            String held = one.get("/products/" + sku + "/availability?qty=1").json().toString();
            assertThat(held).contains("\"available_now\":0");
            String order = unique("order");
            String winner = placedHolds.get(0);
            assertThat(two.post("/holds/" + winner + "/confirm", "{\"orderid\": \"" + order + "\"}").status()).isEqualTo(202);
            assertThat(one.get("/holds/" + winner).json().get("status").asText()).isEqualTo("confirmed");
        }
    }

    /** The holds {@link #race} placed. */
    private final List<String> placedHolds = new ArrayList<>();

    /** {@code checkouts} holds of one unit of {@link #sku}, all at once, spread over the clients; their statuses. */
    private List<Integer> race(List<ApiClient> clients, int checkouts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(checkouts);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < checkouts; i++) {
                ApiClient client = clients.get(i % clients.size());
                String holdId = cart + "-" + i;
                ids.add(holdId);
                answers.add(pool.submit(() -> placeHold(client, holdId, "[" + line(sku, 1) + "]")));
            }
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < checkouts; i++) {
                Response answer = answers.get(i).get();
                statuses.add(answer.status());
                if (answer.status() == 201) {
                    placedHolds.add(ids.get(i));
                }
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
