package com.example.allocation.e2e;

import static com.example.allocation.e2e.RunningServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.TestDatabases;
import com.example.allocation.e2e.ApiClient.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * When will a line ship, what could be promised now, and why did an order move: the expected date on each order
 * line, {@code GET /products/{sku}/availability} and {@code GET /orders/{orderid}/history}, over HTTP, on each database.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class PromisesAndHistoryIT {

    @Parameter
    TestDatabases.Kind kind;

    private ApiClient api;
    private final String sku = unique("SOFA");
    private final String warehouse = unique("warehouse");
    private final String shipment = unique("shipment");

    @BeforeEach
    void client() {
        api = RunningServices.client(kind);
    }

    @Test
    void each_order_line_says_when_it_is_expected_the_batchs_eta_or_null_for_warehouse_stock_and_backorders() {
        api.addBatch(warehouse, sku, 5, null);
        api.addBatch(shipment, sku, 10, "2026-12-24");
        String order = unique("order");
        String other = unique("OTHER");
        api.addBatch(unique("b"), other, 1, null);
        api.allocate(order, sku, 8);
        api.allocate(order, other, 3);

        JsonNode lines = api.get("/orders/" + order).json().get("lines");

        assertThat(lines.toString()).isEqualTo(("[{\"sku\":\"%s\",\"qty\":3,\"status\":\"backordered\",\"batchref\":null,\"eta\":null},"
                + "{\"sku\":\"%s\",\"qty\":8,\"status\":\"allocated\",\"batchref\":\"%s\",\"eta\":\"2026-12-24\"}]")
                .formatted(other, sku, shipment));
        String small = unique("order");
        api.allocate(small, sku, 2);
        assertThat(api.get("/orders/" + small).json().at("/lines/0/eta").isNull()).as("warehouse stock: no date").isTrue();
    }

    @Test
    void availability_names_the_batch_a_line_would_get_now_and_what_the_warehouse_has_free_without_changing_anything() {
        api.addBatch(warehouse, sku, 5, null);
        api.addBatch(shipment, sku, 10, "2026-12-24");
        api.allocate(unique("order"), sku, 2);
        long version = api.get("/products/" + sku).json().get("version").asLong();

        Response fits = api.get("/products/" + sku + "/availability?qty=3");
        Response later = api.get("/products/" + sku + "/availability?qty=4");
        Response never = api.get("/products/" + sku + "/availability?qty=11");

        assertThat(fits.status()).isEqualTo(200);
        assertThat(fits.body()).isEqualTo("{\"sku\":\"%s\",\"qty\":3,\"available_now\":3,\"promise\":{\"batchref\":\"%s\",\"eta\":null}}"
                .formatted(sku, warehouse));
        assertThat(later.body()).isEqualTo("{\"sku\":\"%s\",\"qty\":4,\"available_now\":3,\"promise\":{\"batchref\":\"%s\",\"eta\":\"2026-12-24\"}}"
                .formatted(sku, shipment));
        assertThat(never.body()).isEqualTo("{\"sku\":\"%s\",\"qty\":11,\"available_now\":3,\"promise\":null}".formatted(sku));
        assertThat(api.get("/products/" + sku).json().get("version").asLong()).as("nothing written").isEqualTo(version);

        // And what was promised is what allocation does.
        String order = unique("order");
        api.allocate(order, sku, 4);
        assertThat(api.get("/orders/" + order).json().at("/lines/0/batchref").asText()).isEqualTo(shipment);
    }

    @Test
    void what_the_warehouse_has_free_is_counted_past_32_bits_and_each_batch_still_adds_up() {
        int most = Integer.MAX_VALUE;
        String otherWarehouse = unique("warehouse");
        api.addBatch(warehouse, sku, most, null);
        api.addBatch(otherWarehouse, sku, most, null);
        api.addBatch(shipment, sku, most, "2026-12-24");

        Response both = api.get("/products/" + sku + "/availability?qty=1");

        assertThat(both.status()).isEqualTo(200);
        assertThat(both.json().get("available_now").asLong()).isEqualTo(4_294_967_294L);
        assertThat(both.body()).contains("\"available_now\":4294967294,");

        // Two lines fill the first batch to its last unit, one each the second and the shipment; one more waits.
        api.allocate(unique("order"), sku, most - 1);
        assertThat(api.get("/products/" + sku + "/availability?qty=1").json().get("available_now").asLong())
                .isEqualTo(2_147_483_648L);
        api.allocate(unique("order"), sku, most);
        api.allocate(unique("order"), sku, 1);
        api.allocate(unique("order"), sku, most);
        String waiting = unique("order");
        api.allocate(waiting, sku, 1);

        JsonNode product = api.get("/products/" + sku).json();
        assertThat(product.get("batches").toString()).isEqualTo(("[{\"ref\":\"%s\",\"eta\":null,\"purchased\":%d,\"allocated\":%d,\"held\":0,\"available\":0},"
                + "{\"ref\":\"%s\",\"eta\":null,\"purchased\":%d,\"allocated\":%d,\"held\":0,\"available\":0},"
                + "{\"ref\":\"%s\",\"eta\":\"2026-12-24\",\"purchased\":%d,\"allocated\":%d,\"held\":0,\"available\":0}]")
                .formatted(warehouse, most, most, otherWarehouse, most, most, shipment, most, most));
        assertThat(product.get("backordered").toString()).isEqualTo("[{\"orderid\":\"%s\",\"qty\":1}]".formatted(waiting));
        assertThat(api.get("/products/" + sku + "/availability?qty=1").body())
                .isEqualTo("{\"sku\":\"%s\",\"qty\":1,\"available_now\":0,\"promise\":null}".formatted(sku));
    }

    @Test
    void availability_refuses_a_missing_or_bad_quantity_and_an_unknown_sku() {
        api.addBatch(warehouse, sku, 5, null);
        String path = "/products/" + sku + "/availability";

        for (String query : List.of("", "?qty=", "?qty=0", "?qty=-1", "?qty=two", "?qty=1.5", "?qty=2147483648", "?qty=99999999999999",
                "?qty=1&qty=2", "?qty=1&colour=red", "?quantity=1")) {
            Response response = api.get(path + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.message()).as(query).isNotBlank();
        }
        assertThat(api.get(path).message()).isEqualTo("qty is required: a whole number of at least 1, as ?qty=N");
        assertThat(api.get(path + "?qty=0").message()).isEqualTo("qty must be a whole number from 1 to 2147483647");
        Response unknown = api.get("/products/" + unique("NOTHING") + "/availability?qty=1");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.message()).startsWith("No product ");
    }

    @Test
    void an_order_moved_by_a_shrinking_batch_tells_its_story_allocated_taken_out_because_reduced_then_allocated_elsewhere() {
        api.addBatch(warehouse, sku, 10, null);
        api.addBatch(shipment, sku, 10, "2026-12-24");
        String order = unique("ORD");
        api.withHeader("X-Request-Id", "shop-req-1").allocate(order, sku, 8);

        api.withHeader("X-Request-Id", "warehouse-req-2").post("/change_batch_quantity",
                "{\"ref\": \"" + warehouse + "\", \"qty\": 5}");

        Response history = api.get("/orders/" + order + "/history");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().get("orderid").asText()).isEqualTo(order);
        assertThat(story(history)).containsExactly(
                "Allocated " + sku + " 8 " + warehouse + " (order line placed, shop-req-1)",
                "Deallocated " + sku + " 8 " + warehouse + " (batch " + warehouse + " reduced to 5, warehouse-req-2)",
                "Allocated " + sku + " 8 " + shipment + " (batch " + warehouse + " reduced to 5, warehouse-req-2)");
        assertThat(history.json().get("history")).allSatisfy(entry ->
                assertThat(entry.get("at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z"));
    }

    @Test
    void a_backorder_filled_by_new_stock_and_a_cancelled_line_each_say_why() {
        String first = unique("ORD");
        String second = unique("ORD");
        api.addBatch(warehouse, sku, 1, null);
        api.allocate(first, sku, 5);
        api.allocate(second, sku, 1);
        api.addBatch(shipment, sku, 5, "2026-12-24");
        api.post("/deallocate", "{\"orderid\": \"" + second + "\", \"sku\": \"" + sku + "\"}");

        assertThat(story(api.get("/orders/" + first + "/history"))).hasSize(2)
                .allSatisfy(line -> assertThat(line).doesNotEndWith(", null)"))
                .satisfiesExactly(
                        line -> assertThat(line).startsWith("Backordered " + sku + " 5 null (order line placed, "),
                        line -> assertThat(line).startsWith("Allocated " + sku + " 5 " + shipment + " (batch " + shipment + " added, "));
        assertThat(story(api.get("/orders/" + second + "/history"))).satisfiesExactly(
                line -> assertThat(line).startsWith("Allocated " + sku + " 1 " + warehouse + " (order line placed, "),
                line -> assertThat(line).startsWith("LineCancelled " + sku + " 1 " + warehouse + " (line " + second + "/" + sku + " cancelled, "));
    }

    @Test
    void an_order_never_seen_has_no_history() {
        Response response = api.get("/orders/" + unique("nobody") + "/history");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.message()).startsWith("No order ");
    }

    /** Each entry as "type sku qty batchref (cause, request_id)". */
    private static List<String> story(Response history) {
        assertThat(history.status()).as(history.body()).isEqualTo(200);
        return StreamSupport.stream(history.json().get("history").spliterator(), false)
                .map(entry -> entry.get("type").asText() + " " + entry.get("sku").asText() + " " + entry.get("qty").asInt() + " "
                        + (entry.get("batchref").isNull() ? "null" : entry.get("batchref").asText())
                        + " (" + entry.get("cause").asText() + ", " + entry.get("request_id").asText() + ")")
                .toList();
    }
}
