package com.example.allocation.e2e;

import static com.example.allocation.e2e.RunningServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Bootstrap;
import com.example.allocation.Service;
import com.example.allocation.TcpProxy;
import com.example.allocation.TestConfig;
import com.example.allocation.TestDatabases;
import com.example.allocation.TestIssuer;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import java.net.URI;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every route of docs/openapi.yaml driven for real — its successes and each kind of error — with every request and
 * response checked against the document ({@link OpenApiContract}), on both databases. Afterwards, every operation's
 * successes and every kind of error must have been seen, so a route added to the service without its test, or to
 * the document without the service, fails here.
 */
class OpenApiContractIT {

    private static final OpenApiContract CONTRACT = new OpenApiContract();
    private static final Set<String> ERRORS = Set.of("400", "401", "403", "404", "405", "409", "413", "415", "429", "503");

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void every_route_answers_as_the_document_says_with_successes_and_client_errors(TestDatabases.Kind kind) {
        try (Service service = Bootstrap.start(TestConfig.on(TestDatabases.freshUrl(kind)).build())) {
            ApiClient api = new ApiClient(service.port()).observedBy(CONTRACT::check);
            String sku = unique("LAMP");
            String warehouse = unique("warehouse");
            String shipment = unique("shipment");
            String order = unique("order");
            String waiting = unique("order");

            api.post("/add_batch", "{\"ref\": \"" + warehouse + "\", \"sku\": \"" + sku + "\", \"qty\": 5, \"eta\": null}");
            api.post("/add_batch", "{\"ref\": \"" + shipment + "\", \"sku\": \"" + sku + "\", \"qty\": 5, \"eta\": \"2026-12-24\"}");
            api.post("/add_batch", "{\"ref\": \"" + unique("b") + "\", \"sku\": \"" + unique("SOFA") + "\", \"qty\": 1}");
            api.allocate(order, sku, 5);
            api.allocate(order, unique("NO-SUCH"), 1);
            api.allocate(unique("order"), sku, 5);
            api.allocate(waiting, sku, 3);
            api.allocate(order, sku, 4);
            api.get("/allocations/" + order);
            api.get("/allocations/" + waiting);
            api.get("/orders/" + waiting);
            api.get("/orders/" + order);
            api.get("/orders/" + unique("nobody"));
            api.get("/products/" + sku);
            api.get("/products/" + unique("NOTHING"));
            api.get("/products/" + sku + "/availability?qty=2");
            api.get("/products/" + sku + "/availability?qty=100");
            api.get("/products/" + sku + "/availability?qty=0");
            api.get("/products/" + sku + "/availability");
            api.get("/products/" + unique("NOTHING") + "/availability?qty=1");
            api.get("/orders/" + order + "/history");
            api.get("/orders/" + waiting + "/history");
            api.get("/orders/" + unique("nobody") + "/history");
            api.post("/change_batch_quantity", "{\"ref\": \"" + shipment + "\", \"qty\": 8}");
            api.post("/change_batch_quantity", "{\"ref\": \"" + unique("nobatch") + "\", \"qty\": 8}");
            api.post("/deallocate", "{\"orderid\": \"" + order + "\", \"sku\": \"" + sku + "\"}");
            api.post("/deallocate", "{\"orderid\": \"" + order + "\", \"sku\": \"" + unique("NONE") + "\"}");

            // Checkout holds: placed, placed again, short, read, the holder's view, extended, confirmed, released.
            String cart = unique("cart");
            String hold = "{\"holdid\": \"" + cart + "\", \"lines\": [{\"sku\": \"" + sku + "\", \"qty\": 1}], \"ttl_seconds\": 600}";
            api.post("/holds", hold);
            api.post("/holds", hold);
            api.post("/holds", "{\"holdid\": \"" + cart + "\", \"lines\": [{\"sku\": \"" + sku + "\", \"qty\": 2}]}");
            api.post("/holds", "{\"holdid\": \"" + unique("cart") + "\", \"lines\": [{\"sku\": \"" + sku + "\", \"qty\": 100}]}");
            api.post("/holds", "{\"holdid\": \"" + unique("cart") + "\", \"lines\": []}");
            api.get("/holds/" + cart);
            api.get("/holds/" + unique("nocart"));
            api.get("/products/" + sku + "/availability?qty=1&holdid=" + cart);
            api.get("/products/" + sku + "/availability?qty=1&holdid=" + unique("nocart"));
            api.post("/holds/" + cart + "/extend", "{\"ttl_seconds\": 900}");
            api.post("/holds/" + cart + "/extend", "{\"ttl_seconds\": 0}");
            api.post("/holds/" + unique("nocart") + "/extend", "{\"ttl_seconds\": 60}");
            api.post("/holds/" + cart + "/confirm", "{\"orderid\": \"" + unique("order") + "\"}");
            api.post("/holds/" + cart + "/confirm", "{\"orderid\": \"" + unique("order") + "\"}");
            api.post("/holds/" + cart + "/extend", "{\"ttl_seconds\": 60}");
            api.send("DELETE", "/holds/" + cart, (String) null, null);
            api.send("DELETE", "/holds/" + unique("nocart"), (String) null, null);
            String released = unique("cart");
            api.post("/holds", "{\"holdid\": \"" + released + "\", \"lines\": [{\"sku\": \"" + sku + "\", \"qty\": 1}]}");
            api.send("DELETE", "/holds/" + released, (String) null, null);
            api.post("/holds/" + released + "/confirm", "{\"orderid\": \"" + unique("order") + "\"}");
            api.post("/holds/" + unique("nocart") + "/confirm", "{\"orderid\": \"o\"}");

            // What the document and the service must both call invalid.
            api.post("/add_batch", "{\"ref\": \"" + warehouse + "\", \"sku\": \"" + sku + "\", \"qty\": 5, \"eta\": null}");
            api.post("/add_batch", "{\"ref\": \"r\", \"sku\": \"" + sku + "\", \"qty\": 0}");
            api.post("/add_batch", "{\"ref\": \"r\", \"sku\": \"" + sku + "\", \"qty\": 1, \"eta\": \"24/12/2026\"}");
            api.post("/add_batch", "{\"ref\": \"r\", \"sku\": \"" + sku + "\", \"qty\": 1, \"colour\": \"red\"}");
            api.post("/allocate", "{\"orderid\": \"o\", \"sku\": \"" + sku + "\"}");
            api.post("/allocate", "{\"orderid\": \"o\\u0007\", \"sku\": \"" + sku + "\", \"qty\": 1}");
            api.post("/allocate", "{\"orderid\": \"" + "x".repeat(256) + "\", \"sku\": \"" + sku + "\", \"qty\": 1}");
            api.post("/allocate", "[1, 2, 3]");
            api.post("/allocate", "not json");
            api.post("/change_batch_quantity", "{\"ref\": \"" + shipment + "\", \"qty\": -1}");
            api.post("/deallocate", "{\"orderid\": 7, \"sku\": \"" + sku + "\"}");
            api.send("POST", "/allocate", "orderid=o&sku=s&qty=1", "application/x-www-form-urlencoded");
            api.post("/allocate", "{\"orderid\": \"" + "x".repeat(70_000) + "\"}");
            api.get("/orders/" + "x".repeat(256));
            api.get("/allocate");
            api.post("/orders/" + order, "{}");
            api.get("/no/such/route");

            // The operational routes.
            api.get("/health");
            api.get("/health/live");
            api.get("/health/ready");
            api.get("/metrics");
            api.get("/openapi.json");
            api.get("/docs");
            assertThat(api.get("/openapi.json").json().path("openapi").asText()).isEqualTo("3.1.0");
            assertThat(api.get("/docs").body()).contains("swagger-ui-bundle.js");
            String bundle = api.get("/docs").body().replaceAll("(?s).*src=\"(/webjars/[^\"]+\\.js)\".*", "$1");
            assertThat(new ApiClient(service.port()).get(bundle).status()).as(bundle).isEqualTo(200);
        }
    }

    @Test
    void refusals_of_authentication_scope_rate_and_an_unavailable_database_answer_as_the_document_says() throws Exception {
        DatabaseUrl database = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        URI direct = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        try (TestIssuer issuer = TestIssuer.start();
                TcpProxy network = new TcpProxy(direct.getPort());
                Service service = Bootstrap.start(TestConfig.on(new DatabaseUrl(
                                database.jdbcUrl().replace(":" + direct.getPort() + "/", ":" + network.port() + "/"),
                                database.user(), database.password()))
                        .authenticatedBy(issuer.settings())
                        .with("RATE_LIMIT_PER_SECOND", "1").with("RATE_LIMIT_BURST", "3").build())) {
            ApiClient anonymous = new ApiClient(service.port()).observedBy(CONTRACT::check);
            ApiClient stock = anonymous.withToken(issuer.token("warehouse", "allocation:stock"));
            ApiClient reader = anonymous.withToken(issuer.token("reporting", "allocation:read"));
            ApiClient hammer = anonymous.withToken(issuer.token("hammer", "allocation:read"));
            String sku = unique("LAMP");

            stock.post("/add_batch", "{\"ref\": \"" + unique("b") + "\", \"sku\": \"" + sku + "\", \"qty\": 5}");
            anonymous.post("/allocate", "{\"orderid\": \"o\", \"sku\": \"" + sku + "\", \"qty\": 1}");
            anonymous.get("/orders/o");
            anonymous.withToken("not-a-jwt").get("/products/" + sku);
            stock.post("/allocate", "{\"orderid\": \"o\", \"sku\": \"" + sku + "\", \"qty\": 1}");
            reader.post("/deallocate", "{\"orderid\": \"o\", \"sku\": \"" + sku + "\"}");
            reader.get("/products/" + sku);
            reader.get("/health");
            anonymous.get("/health");
            for (int i = 0; i < 5; i++) {
                hammer.get("/allocations/o");
            }

            network.cut();
            reader.get("/orders/o");
            stock.post("/change_batch_quantity", "{\"ref\": \"b\", \"qty\": 1}");
            anonymous.get("/health");
            anonymous.get("/health/ready");
        }
    }

    @AfterAll
    static void every_operation_succeeded_and_every_kind_of_error_was_seen() {
        Set<String> successes = CONTRACT.documented().stream().filter(entry -> entry.endsWith(" 200") || entry.endsWith(" 201")
                || entry.endsWith(" 202")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(CONTRACT.seen()).as("every operation of the document, answered with success").containsAll(successes);
        Set<String> errorsSeen = CONTRACT.seen().stream().map(entry -> entry.substring(entry.lastIndexOf(' ') + 1))
                .filter(ERRORS::contains).collect(Collectors.toSet());
        assertThat(errorsSeen).as("every kind of error").containsExactlyInAnyOrderElementsOf(ERRORS);
    }
}
