package com.example.allocation.e2e;

import static com.example.allocation.e2e.RunningServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.TestDatabases;
import com.example.allocation.e2e.ApiClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** One test per feature, against the running application over HTTP, on each database (book chapter 4). */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class AllocationApiIT {

    @Parameter
    TestDatabases.Kind kind;

    private ApiClient api;
    private final String sku = unique("SKU");
    private final String otherSku = unique("OTHER");
    private final String order = unique("order");

    @BeforeEach
    void client() {
        api = RunningServices.client(kind);
    }

    @Test
    void happy_path_returns_202_and_allocates_to_the_earliest_batch() {
        String early = unique("early");
        String later = unique("later");
        api.addBatch(later, sku, 100, "2026-12-02");
        api.addBatch(early, sku, 100, "2026-12-01");
        api.addBatch(unique("other"), otherSku, 100, null);

        Response response = api.allocate(order, sku, 3);

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.location()).contains("/orders/" + order);
        Response allocations = api.get("/allocations/" + order);
        assertThat(allocations.status()).isEqualTo(200);
        assertThat(allocations.json().toString()).isEqualTo("[{\"sku\":\"" + sku + "\",\"batchref\":\"" + early + "\"}]");
    }

    @Test
    void unhappy_path_returns_400_with_the_reference_message_and_nothing_is_allocated() {
        Response response = api.allocate(order, "NONEXISTENT-" + sku, 3);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().toString()).isEqualTo("{\"message\":\"Invalid sku NONEXISTENT-" + sku + "\"}");
        assertThat(api.get("/allocations/" + order).status()).isEqualTo(404);
        assertThat(api.get("/orders/" + order).status()).isEqualTo(404);
    }

    @Test
    void warehouse_stock_is_allocated_before_a_shipment() {
        String shipment = unique("shipment");
        String warehouse = unique("warehouse");
        api.addBatch(shipment, sku, 100, "2026-12-01");
        api.addBatch(warehouse, sku, 100, null);

        api.allocate(order, sku, 10);

        assertThat(api.get("/allocations/" + order).json().get(0).get("batchref").asText()).isEqualTo(warehouse);
    }

    @Test
    void an_order_with_lines_of_several_skus_shows_each_allocation() {
        String batch = unique("batch");
        String otherBatch = unique("batch");
        api.addBatch(batch, sku, 10, null);
        api.addBatch(otherBatch, otherSku, 10, null);

        api.allocate(order, sku, 1);
        api.allocate(order, otherSku, 2);

        assertThat(api.get("/allocations/" + order).json()).hasSize(2);
        Response view = api.get("/orders/" + order);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.json().get("orderid").asText()).isEqualTo(order);
        assertThat(view.json().get("lines")).extracting(line -> line.get("sku").asText() + ":" + line.get("qty").asInt()
                        + ":" + line.get("status").asText() + ":" + line.get("batchref").asText())
                .containsExactlyInAnyOrder(sku + ":1:allocated:" + batch, otherSku + ":2:allocated:" + otherBatch);
    }

    @Test
    void shrinking_a_batch_moves_its_newest_line_to_the_next_batch_and_the_views_show_it() {
        String first = unique("first");
        String second = unique("second");
        String olderOrder = unique("older");
        api.addBatch(first, sku, 10, null);
        api.addBatch(second, sku, 10, "2026-12-01");
        api.allocate(olderOrder, sku, 5);
        api.allocate(order, sku, 5);

        Response response = api.post("/change_batch_quantity", "{\"ref\": \"" + first + "\", \"qty\": 6}");

        assertThat(response.status()).isEqualTo(202);
        assertThat(api.get("/allocations/" + olderOrder).json().get(0).get("batchref").asText()).isEqualTo(first);
        assertThat(api.get("/allocations/" + order).json().get(0).get("batchref").asText()).isEqualTo(second);
        assertThat(api.get("/products/" + sku).json().get("batches").toString()).isEqualTo(
                "[{\"ref\":\"" + first + "\",\"eta\":null,\"purchased\":6,\"allocated\":5,\"held\":0,\"available\":1},"
                        + "{\"ref\":\"" + second + "\",\"eta\":\"2026-12-01\",\"purchased\":10,\"allocated\":5,\"held\":0,\"available\":5}]");
    }

    @Test
    void a_line_that_does_not_fit_is_backordered_and_filled_when_stock_arrives() {
        api.addBatch(unique("small"), sku, 2, null);

        assertThat(api.allocate(order, sku, 5).status()).isEqualTo(202);
        assertThat(api.get("/allocations/" + order).status()).isEqualTo(404);
        assertThat(api.get("/orders/" + order).json().get("lines").get(0).get("status").asText()).isEqualTo("backordered");
        assertThat(api.get("/products/" + sku).json().get("backordered").toString())
                .isEqualTo("[{\"orderid\":\"" + order + "\",\"qty\":5}]");

        String restock = unique("restock");
        api.addBatch(restock, sku, 10, "2026-12-24");

        assertThat(api.get("/allocations/" + order).json().get(0).get("batchref").asText()).isEqualTo(restock);
        assertThat(api.get("/products/" + sku).json().get("backordered")).isEmpty();
    }

    @Test
    void cancelling_a_line_frees_its_stock() {
        String batch = unique("batch");
        api.addBatch(batch, sku, 10, null);
        api.allocate(order, sku, 4);

        Response response = api.post("/deallocate", "{\"orderid\": \"" + order + "\", \"sku\": \"" + sku + "\"}");

        assertThat(response.status()).isEqualTo(202);
        assertThat(api.get("/allocations/" + order).status()).isEqualTo(404);
        assertThat(api.get("/orders/" + order).status()).isEqualTo(404);
        assertThat(api.get("/products/" + sku).json().get("batches").get(0).get("available").asInt()).isEqualTo(10);
    }

    @Test
    void a_repeated_line_is_accepted_again_and_allocated_once() {
        api.addBatch(unique("batch"), sku, 10, null);
        api.allocate(order, sku, 4);

        assertThat(api.allocate(order, sku, 4).status()).isEqualTo(202);

        assertThat(api.get("/products/" + sku).json().get("batches").get(0).get("allocated").asInt()).isEqualTo(4);
        assertThat(api.get("/allocations/" + order).json()).hasSize(1);
    }

    @Test
    void the_same_line_with_another_quantity_is_a_conflict() {
        api.addBatch(unique("batch"), sku, 10, null);
        api.allocate(order, sku, 4);

        Response response = api.allocate(order, sku, 5);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.message()).contains(order).contains("4").contains("5");
        assertThat(api.get("/products/" + sku).json().get("batches").get(0).get("allocated").asInt()).isEqualTo(4);
    }

    @Test
    void a_batch_reference_that_exists_is_a_conflict() {
        String batch = unique("batch");
        api.addBatch(batch, sku, 10, null);

        Response response = api.post("/add_batch", "{\"ref\": \"" + batch + "\", \"sku\": \"" + otherSku + "\", \"qty\": 5, \"eta\": null}");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.message()).isEqualTo("Batch " + batch + " already exists");
        assertThat(api.get("/products/" + otherSku).status()).isEqualTo(404);
    }

    @Test
    void an_unknown_batch_or_line_is_not_found() {
        api.addBatch(unique("batch"), sku, 10, null);

        Response batch = api.post("/change_batch_quantity", "{\"ref\": \"" + unique("nope") + "\", \"qty\": 5}");
        Response line = api.post("/deallocate", "{\"orderid\": \"" + order + "\", \"sku\": \"" + sku + "\"}");

        assertThat(batch.status()).isEqualTo(404);
        assertThat(batch.message()).startsWith("Unknown batch");
        assertThat(line.status()).isEqualTo(404);
        assertThat(line.message()).isEqualTo("Order " + order + " has no line for " + sku);
        assertThat(api.get("/products/" + unique("NOPE")).status()).isEqualTo(404);
    }

    @Test
    void health_is_ok_while_the_database_answers() {
        Response health = api.get("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("ok");
        assertThat(health.json().get("database").asText()).startsWith(kind == TestDatabases.Kind.POSTGRES ? "PostgreSQL" : "H2");
    }
}
