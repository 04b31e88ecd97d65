package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Bootstrap;
import com.example.allocation.Service;
import com.example.allocation.TestConfig;
import com.example.allocation.TestDatabases;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.example.allocation.domain.Require;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;
import org.jdbi.v3.core.Jdbi;

/**
 * Any text a client can put in JSON, as identifiers, through the real HTTP edge and into PostgreSQL (whose
 * driver turns a lone surrogate into "?", and which refuses NUL): after every request, no batch holds more
 * than it has or other than its lines, the lines stored are exactly those accepted, under exactly the
 * identifiers accepted, and no request was answered with a 5xx.
 */
class HostileIdentifiersIT {

    private static Service service;
    private static ApiClient api;
    private static Jdbi database;

    @BeforeContainer
    static void start() {
        DatabaseUrl url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
        service = Bootstrap.start(TestConfig.on(url).build());
        api = new ApiClient(service.port());
        database = url.user() == null ? Jdbi.create(url.jdbcUrl()) : Jdbi.create(url.jdbcUrl(), url.user(), url.password());
    }

    @AfterContainer
    static void stop() {
        service.close();
    }

    @BeforeTry
    void emptyDatabase() {
        database.useHandle(handle -> handle.execute("TRUNCATE allocations_view, order_lines, held_stock, hold_lines, holds, batches, products, outbox"));
    }

    /** A request, and what the model of accepted stock expects of it. */
    private record Step(String route, String json, List<String> identifiers, String ref, String sku, String orderId, int qty) {
    }

    @Property(tries = 60)
    void whatever_text_the_identifiers_hold_stock_stays_right_and_every_identifier_stays_exactly_itself(
            @ForAll("steps") List<Step> steps) {
        Map<String, String> batches = new HashMap<>();
        Set<List<String>> lines = new HashSet<>();

        for (Step step : steps) {
            ApiClient.Response response = api.post(step.route(), step.json());

            assertThat(response.status()).as("%s %s", step.route(), step.json()).isLessThan(500);
            boolean wellFormed = step.identifiers().stream().allMatch(id -> Require.identifierProblem("id", id).isEmpty());
            if (!wellFormed) {
                assertThat(response.status()).as("%s %s", step.route(), step.json()).isEqualTo(400);
            }
            switch (step.route()) {
                case "/add_batch" -> {
                    if (response.status() == 201) {
                        batches.put(step.ref(), step.sku());
                    }
                }
                case "/allocate" -> {
                    if (response.status() == 202) {
                        lines.add(List.of(step.orderId(), step.sku()));
                    }
                }
                case "/deallocate" -> {
                    if (response.status() == 202) {
                        lines.remove(List.of(step.orderId(), step.sku()));
                    }
                }
                default -> { }
            }
            assertStockIsRight(batches, lines);
        }
    }

    private static void assertStockIsRight(Map<String, String> batches, Set<List<String>> lines) {
        database.useHandle(handle -> {
            Map<String, String> storedBatches = new HashMap<>();
            handle.createQuery("SELECT reference, sku, purchased, allocated FROM batches").map((rs, ctx) -> {
                storedBatches.put(rs.getString("reference"), rs.getString("sku"));
                assertThat(rs.getInt("allocated")).as("batch %s", rs.getString("reference"))
                        .isBetween(0, rs.getInt("purchased"));
                return null;
            }).list();
            assertThat(storedBatches).as("batches stored under exactly the references accepted").isEqualTo(batches);

            Set<List<String>> storedLines = new HashSet<>(handle.createQuery("SELECT orderid, sku FROM order_lines")
                    .map((rs, ctx) -> List.of(rs.getString("orderid"), rs.getString("sku"))).list());
            assertThat(storedLines).as("lines stored under exactly the identifiers accepted").isEqualTo(lines);

            List<String> mismatched = handle.createQuery("""
                            SELECT b.reference FROM batches b
                            LEFT JOIN (SELECT batchref, SUM(qty) AS total FROM order_lines GROUP BY batchref) l ON l.batchref = b.reference
                            WHERE b.allocated <> COALESCE(l.total, 0)""")
                    .mapTo(String.class).list();
            assertThat(mismatched).as("batches whose allocated total is not their lines'").isEmpty();
            assertThat(handle.createQuery("""
                            SELECT COUNT(*) FROM order_lines l JOIN batches b ON b.reference = l.batchref WHERE b.sku <> l.sku""")
                    .mapTo(Integer.class).one()).as("lines in another product's batch").isZero();
            assertThat(handle.createQuery("""
                            SELECT COUNT(*) FROM order_lines l
                            FULL JOIN allocations_view v ON v.orderid = l.orderid AND v.sku = l.sku AND v.batchref = l.batchref
                            WHERE (l.batchref IS NOT NULL AND v.orderid IS NULL) OR (v.orderid IS NOT NULL AND l.orderid IS NULL)""")
                    .mapTo(Integer.class).one()).as("read-model rows that disagree with the lines").isZero();
        });
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> ids = identifiers();
        Arbitrary<Integer> qty = Arbitraries.integers().between(1, 12);
        Arbitrary<Step> addBatch = Combinators.combine(ids, ids, qty).as((ref, sku, q) ->
                new Step("/add_batch", "{\"ref\": " + json(ref) + ", \"sku\": " + json(sku) + ", \"qty\": " + q + ", \"eta\": null}",
                        List.of(ref, sku), ref, sku, null, q));
        Arbitrary<Step> allocate = Combinators.combine(ids, ids, qty).as((orderId, sku, q) ->
                new Step("/allocate", "{\"orderid\": " + json(orderId) + ", \"sku\": " + json(sku) + ", \"qty\": " + q + "}",
                        List.of(orderId, sku), null, sku, orderId, q));
        Arbitrary<Step> deallocate = Combinators.combine(ids, ids).as((orderId, sku) ->
                new Step("/deallocate", "{\"orderid\": " + json(orderId) + ", \"sku\": " + json(sku) + "}",
                        List.of(orderId, sku), null, sku, orderId, 0));
        Arbitrary<Step> change = Combinators.combine(ids, Arbitraries.integers().between(0, 12)).as((ref, q) ->
                new Step("/change_batch_quantity", "{\"ref\": " + json(ref) + ", \"qty\": " + q + "}",
                        List.of(ref), ref, null, null, q));
        return Arbitraries.frequencyOf(
                        Tuple.of(3, addBatch), Tuple.of(5, allocate),
                        Tuple.of(2, deallocate), Tuple.of(2, change))
                .list().ofMinSize(5).ofMaxSize(25);
    }

    /**
     * A few names, so that requests meet each other, in the forms that have fooled systems before: a lone
     * surrogate and the "?" a driver makes of it, NUL and other controls, a character outside the BMP, the
     * same letter composed and decomposed, case, spaces, path segments; and any short string at all.
     */
    private static Arbitrary<String> identifiers() {
        Arbitrary<String> tricky = Arbitraries.of(
                "a", "b", "A", "a?", "a\ud800", "a\udbff", "\udc00\ud800", "a\u0000", "a\n", "a\u0085", "a\u007f",
                "\uD83D\uDE00", "\u00c5", "A\u030a", " a", "a ", ".", "..", "a/b", "%2F", "?");
        return Arbitraries.frequencyOf(
                Tuple.of(6, tricky),
                Tuple.of(1, Arbitraries.strings().all().ofMinLength(0).ofMaxLength(3)));
    }

    /** A JSON string that says exactly which UTF-16 units it holds, lone surrogates included. */
    private static String json(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                json.append(c);
            } else {
                json.append(String.format("\\u%04x", (int) c));
            }
        }
        return json.append('"').toString();
    }
}
