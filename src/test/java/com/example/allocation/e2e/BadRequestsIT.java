package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.TestDatabases;
import com.example.allocation.e2e.ApiClient.Response;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request gets a 4xx with a JSON message a person can act on, and changes nothing
 * (book appendix E). Validation happens at the edge, before any database, so one database suffices.
 */
class BadRequestsIT {

    private static final String SKU = "BAD-REQUESTS-LAMP";
    private static final String ORDER = "bad-requests-order";
    private static final String BATCH = "bad-requests-batch";
    private static ApiClient api;

    @BeforeAll
    static void seed() {
        api = RunningServices.client(TestDatabases.Kind.H2);
        if (api.get("/products/" + SKU).status() == 404) {
            api.addBatch(BATCH, SKU, 100, null);
            api.allocate(ORDER, SKU, 5);
        }
    }

    static Stream<Arguments> badRequests() {
        String line = "{\"orderid\": \"" + ORDER + "-new\", \"sku\": \"" + SKU + "\", \"qty\": %s}";
        String batch = "{\"ref\": \"new-batch\", \"sku\": \"" + SKU + "\", \"qty\": 10, \"eta\": %s}";
        return Stream.of(
                // malformed JSON, wrong JSON type, empty body
                bad("malformed JSON", "POST", "/allocate", "{\"orderid\": \"x\", \"sku\": ", 400, "not valid JSON"),
                bad("trailing garbage after the object", "POST", "/allocate", line.formatted("1") + " x", 400, "not valid JSON"),
                bad("duplicate key", "POST", "/allocate", "{\"orderid\": \"x\", \"sku\": \"y\", \"qty\": 1, \"qty\": 2}", 400, "Duplicate field"),
                bad("a JSON array", "POST", "/allocate", "[1, 2]", 400, "must be a JSON object"),
                bad("a JSON string", "POST", "/allocate", "\"allocate me\"", 400, "must be a JSON object"),
                bad("JSON null", "POST", "/allocate", "null", 400, "must be a JSON object"),
                bad("an empty body", "POST", "/allocate", "", 400, "it was empty"),
                // missing and unknown fields
                bad("a missing field", "POST", "/allocate", "{\"orderid\": \"x\", \"sku\": \"" + SKU + "\"}", 400, "qty is required"),
                bad("a null required field", "POST", "/allocate", "{\"orderid\": null, \"sku\": \"" + SKU + "\", \"qty\": 1}", 400, "orderid is required"),
                bad("an unknown field", "POST", "/allocate", "{\"orderid\": \"x\", \"sku\": \"" + SKU + "\", \"qty\": 1, \"colour\": \"red\"}", 400, "unknown field colour"),
                bad("a misspelt field", "POST", "/deallocate", "{\"orderId\": \"" + ORDER + "\", \"sku\": \"" + SKU + "\"}", 400, "unknown field orderId"),
                // wrong value types
                bad("a number as a string", "POST", "/allocate", line.formatted("\"5\""), 400, "qty must be a whole number, not the string \"5\""),
                bad("a string field given a number", "POST", "/allocate", "{\"orderid\": 42, \"sku\": \"" + SKU + "\", \"qty\": 1}", 400, "orderid must be a string"),
                bad("a boolean for an integer", "POST", "/allocate", line.formatted("true"), 400, "qty must be a whole number, not the boolean"),
                bad("a fraction for an integer", "POST", "/allocate", line.formatted("1.5"), 400, "qty must be a whole number"),
                bad("a float that looks whole", "POST", "/allocate", line.formatted("10.0"), 400, "qty must be a whole number"),
                bad("an exponent", "POST", "/allocate", line.formatted("1e2"), 400, "qty must be a whole number"),
                bad("an object for an integer", "POST", "/allocate", line.formatted("{}"), 400, "qty must be a whole number, not an object"),
                // out of range and overflowing numbers
                bad("a zero quantity", "POST", "/allocate", line.formatted("0"), 400, "qty must be from 1 to 2147483647"),
                bad("a negative quantity", "POST", "/allocate", line.formatted("-3"), 400, "qty must be from 1"),
                bad("a quantity just past 32 bits", "POST", "/allocate", line.formatted("2147483648"), 400, "qty must be from 1 to 2147483647"),
                bad("an enormous quantity", "POST", "/allocate", line.formatted("99999999999999999999999"), 400, "qty must be from 1"),
                bad("a negative batch quantity", "POST", "/change_batch_quantity", "{\"ref\": \"" + BATCH + "\", \"qty\": -1}", 400, "qty must be from 0"),
                bad("a zero batch size", "POST", "/add_batch", "{\"ref\": \"b\", \"sku\": \"" + SKU + "\", \"qty\": 0, \"eta\": null}", 400, "qty must be from 1"),
                // blank and over-long strings
                bad("an empty string", "POST", "/allocate", "{\"orderid\": \"\", \"sku\": \"" + SKU + "\", \"qty\": 1}", 400, "orderid must not be blank"),
                bad("a blank string", "POST", "/deallocate", "{\"orderid\": \"   \", \"sku\": \"" + SKU + "\"}", 400, "orderid must not be blank"),
                bad("an over-long string", "POST", "/allocate", "{\"orderid\": \"" + "x".repeat(256) + "\", \"sku\": \"" + SKU + "\", \"qty\": 1}", 400, "at most 255 characters"),
                bad("an over-long path", "GET", "/orders/" + "x".repeat(256), null, 400, "at most 255 characters"),
                // identifiers that are not text every system keeps exactly (docs/spec.md §3)
                bad("a NUL character", "POST", "/allocate", "{\"orderid\": \"a\\u0000b\", \"sku\": \"" + SKU + "\", \"qty\": 1}", 400,
                        "orderid must not contain control characters; it has \\u0000 at position 2"),
                bad("a line break", "POST", "/deallocate", "{\"orderid\": \"" + ORDER + "\\n\", \"sku\": \"" + SKU + "\"}", 400,
                        "orderid must not contain control characters"),
                bad("a C1 control character", "POST", "/add_batch", "{\"ref\": \"b\\u0085\", \"sku\": \"" + SKU + "\", \"qty\": 1, \"eta\": null}", 400,
                        "ref must not contain control characters"),
                bad("a lone high surrogate", "POST", "/deallocate", "{\"orderid\": \"" + ORDER + "\\ud800\", \"sku\": \"" + SKU + "\"}", 400,
                        "orderid must be well-formed Unicode text; it has a lone surrogate"),
                bad("a lone low surrogate in a SKU", "POST", "/allocate", "{\"orderid\": \"o\", \"sku\": \"x-\\udbff\", \"qty\": 1}", 400,
                        "sku must be well-formed Unicode text"),
                bad("surrogates in the wrong order", "POST", "/allocate", "{\"orderid\": \"\\udc00\\ud800\", \"sku\": \"" + SKU + "\", \"qty\": 1}", 400,
                        "lone surrogate"),
                bad("256 emoji", "POST", "/allocate", "{\"orderid\": \"" + "\uD83D\uDE00".repeat(256) + "\", \"sku\": \"" + SKU + "\", \"qty\": 1}", 400,
                        "at most 255 characters, got 256"),
                bad("a control character in the path", "GET", "/orders/a%01b", null, 400, "orderid must not contain control characters"),
                // input that only costs us to parse
                bad("JSON nested thousands deep", "POST", "/allocate", "[".repeat(5_000) + "]".repeat(5_000), 400, "nested too deeply"),
                bad("a number of thousands of digits", "POST", "/allocate", line.formatted("9".repeat(5_000)), 400, "number or string too long"),
                // impossible and malformed dates
                bad("the 30th of February", "POST", "/add_batch", batch.formatted("\"2026-02-30\""), 400, "not a real calendar date"),
                bad("a thirteenth month", "POST", "/add_batch", batch.formatted("\"2026-13-01\""), 400, "not a real calendar date"),
                bad("a day-first date", "POST", "/add_batch", batch.formatted("\"21-11-2026\""), 400, "must be a date written YYYY-MM-DD"),
                bad("a date with a time", "POST", "/add_batch", batch.formatted("\"2026-11-21T10:00\""), 400, "YYYY-MM-DD"),
                bad("a date as a number", "POST", "/add_batch", batch.formatted("20261121"), 400, "YYYY-MM-DD"),
                // several problems at once are all named
                bad("every problem at once", "POST", "/add_batch", "{\"ref\": \"\", \"sku\": 7, \"qty\": -1, \"eta\": \"soon\"}", 400,
                        "ref must not be blank; sku must be a string, not the number 7; qty must be from 1"),
                // size, media type and encoding
                bad("an oversized body", "POST", "/allocate", "{\"orderid\": \"" + "x".repeat(70 * 1024) + "\"}", 413, "larger than 64 KiB"),
                bad("a non-JSON content type", "POST", "/allocate", line.formatted("1"), 415, "Content-Type: application/json", "text/plain"),
                bad("a content type that only starts like JSON", "POST", "/allocate", line.formatted("1"), 415, "Content-Type: application/json",
                        "application/jsonfoo"),
                bad("JSON declared in another charset", "POST", "/allocate", line.formatted("1"), 415, "in UTF-8",
                        "application/json; charset=iso-8859-1"),
                // routes and methods
                bad("an unknown route", "GET", "/allocations", null, 404, "No such route: GET /allocations"),
                bad("an unknown route with a body", "POST", "/allocate_everything", line.formatted("1"), 404, "No such route"),
                bad("the wrong method", "GET", "/allocate", null, 405, "Method GET is not allowed on /allocate"),
                bad("another wrong method", "DELETE", "/products/" + SKU, null, 405, "not allowed"));
    }

    private static Arguments bad(String what, String method, String path, String body, int status, String message) {
        return bad(what, method, path, body, status, message, "application/json");
    }

    private static Arguments bad(String what, String method, String path, String body, int status, String message, String contentType) {
        return Arguments.of(what, method, path, body, status, message, contentType);
    }

    @ParameterizedTest(name = "{0} is refused with {4}")
    @MethodSource("badRequests")
    void a_bad_request_gets_a_4xx_json_message_and_changes_nothing(
            String what, String method, String path, String body, int status, String message, String contentType) {
        String productBefore = api.get("/products/" + SKU).body();
        String orderBefore = api.get("/orders/" + ORDER).body();

        Response response = api.send(method, path, body, body == null ? null : contentType);

        assertThat(response.status()).as(what).isEqualTo(status);
        assertThat(response.message()).as(what).contains(message);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(api.get("/products/" + SKU).body()).isEqualTo(productBefore);
        assertThat(api.get("/orders/" + ORDER).body()).isEqualTo(orderBefore);
    }

    @Test
    void identifiers_are_counted_in_characters_not_utf16_units_and_kept_exactly() {
        String emoji = "\uD83D\uDE00".repeat(255);
        String sku = "BAD-REQUESTS-\u00C5NGSTR\u00D6M";

        assertThat(api.addBatch(emoji, sku, 10, null).status()).isEqualTo(201);
        assertThat(api.allocate(emoji, sku, 3).status()).isEqualTo(202);
        assertThat(api.allocate(emoji, "BAD-REQUESTS-A\u030ANGSTR\u00D6M", 3).message())
                .as("the same name in another Unicode normalization is another SKU").startsWith("Invalid sku");

        assertThat(api.get("/orders/" + URLEncoder.encode(emoji, StandardCharsets.UTF_8)).json().at("/lines/0/batchref").asText())
                .isEqualTo(emoji);

        // The longest words the history writes: a line whose order id and SKU are both 255 characters, cancelled.
        String emojiSku = "\uD83D\uDE01".repeat(255);
        assertThat(api.addBatch("BAD-REQUESTS-\uD83D\uDE01", emojiSku, 10, null).status()).isEqualTo(201);
        assertThat(api.allocate(emoji, emojiSku, 2).status()).isEqualTo(202);
        assertThat(api.post("/deallocate", "{\"orderid\": \"" + emoji + "\", \"sku\": \"" + emojiSku + "\"}").status()).isEqualTo(202);
        assertThat(api.get("/orders/" + URLEncoder.encode(emoji, StandardCharsets.UTF_8) + "/history").json().at("/history/2/cause")
                .asText()).isEqualTo("line " + emoji + "/" + emojiSku + " cancelled");
    }

    @Test
    void a_body_that_is_not_utf8_is_refused() {
        Response response = api.send("POST", "/allocate",
                BodyPublishers.ofByteArray(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}), "application/json");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.message()).isEqualTo("Request body is not valid UTF-8");
    }
}
