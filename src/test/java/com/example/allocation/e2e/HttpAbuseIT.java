package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.TestDatabases;
import com.example.allocation.TestRedis;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jar as it runs in production, attacked over raw sockets with what an HTTP client library would refuse
 * to send: oversized headers and URLs, malformed escapes, wrong methods, bodies that trickle or stall, and
 * values made to forge log lines. Every answer is JSON {@code {"message"}} with an {@code X-Request-Id}, even
 * those the HTTP server gives before the API sees the request; slow clients cannot starve anyone; and the log
 * holds no password, no stack trace for a client's mistake, and no line a client wrote.
 */
class HttpAbuseIT {

    private static final String DATABASE_PASSWORD = "db-pa55word-never-logged";
    private static final String REDIS_PASSWORD = "redis-pa55word-never-logged";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An id the service made: a UUID. */
    private static final String MADE_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static RunningJar service;

    @BeforeAll
    static void start() throws IOException {
        Path workDir = Files.createTempDirectory(Path.of("target"), "http-abuse-");
        DatabaseUrl h2 = TestDatabases.freshUrl(TestDatabases.Kind.H2);
        DatabaseUrl withPassword = new DatabaseUrl(h2.jdbcUrl() + ";PASSWORD=" + DATABASE_PASSWORD, h2.user(), null);
        // Redis is configured, with a password, but not running: the service goes on, and must not log the password.
        service = RunningJar.start(workDir, withPassword,
                Map.of("REDIS_URL", "redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + TestRedis.freePort()));
        service.api().addBatch("abuse-batch", "ABUSE-LAMP", 1_000, null);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        service.process().destroy();
        service.process().waitFor(30, TimeUnit.SECONDS);
    }

    /** What came back on a raw connection. */
    private record Answer(int status, Map<String, String> headers, String body) {

        JsonNode json() {
            assertThat(headers.get("content-type")).as("content type of %s", body).startsWith("application/json");
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }
    }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                Arguments.of("a 64 KiB header", "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "x".repeat(64 * 1024) + "\r\n\r\n", 431),
                Arguments.of("a 100 KB URL", "GET /orders/" + "x".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
                Arguments.of("a bad percent-escape", "GET /orders/a%zzb HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Arguments.of("an escaped NUL in the path", "GET /orders/a%00b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Arguments.of("a method with characters a method may not have", "G(T /health HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                // The one 5xx a client can cause, as HTTP requires for a version the server does not speak: still JSON.
                Arguments.of("a request line with no HTTP version", "HELLO THERE\r\n\r\n", 505),
                Arguments.of("a header without a colon", "GET /health HTTP/1.1\r\nHost: x\r\nNonsense\r\n\r\n", 400),
                Arguments.of("a control character in the path", "GET /orders/a%0Ab HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                Arguments.of("a body the server will not even hold", "POST /allocate HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 200002\r\n\r\n{" + " ".repeat(200_000) + "}", 413));
    }

    @ParameterizedTest(name = "{0} is refused with {2}, in JSON")
    @MethodSource("malformedRequests")
    void what_the_http_server_refuses_by_itself_is_answered_in_json(String what, String request, int status) {
        Answer answer = send(request);

        assertThat(answer.status()).as(what).isEqualTo(status);
        assertThat(answer.json().get("message").asText()).as(what).isNotBlank();
        assertThat(answer.headers().get("x-request-id")).as("the request id of %s", what).matches(MADE_ID);
    }

    @Test
    void a_request_the_server_refuses_by_itself_keeps_the_safe_id_it_sent_when_its_headers_were_read() {
        Answer badUtf8 = send("GET /orders/%E9 HTTP/1.1\r\nHost: x\r\nX-Request-Id: shop-77\r\n\r\n");
        Answer unsafeId = send("GET /orders/%E9 HTTP/1.1\r\nHost: x\r\nX-Request-Id: no spaces allowed\r\n\r\n");
        Answer noId = send("GET /orders/%E9 HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(badUtf8.status()).isEqualTo(400);
        assertThat(badUtf8.json().get("message").asText()).contains("bad %-escape");
        assertThat(badUtf8.headers().get("x-request-id")).isEqualTo("shop-77");
        assertThat(unsafeId.headers().get("x-request-id")).matches(MADE_ID);
        assertThat(noId.headers().get("x-request-id")).matches(MADE_ID).isNotEqualTo(unsafeId.headers().get("x-request-id"));
    }

    @Test
    void a_wrong_method_is_a_405_that_names_the_methods_allowed() {
        Answer delete = send("DELETE /allocate HTTP/1.1\r\nHost: x\r\n\r\n");
        Answer post = send("POST /orders/some-order HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");

        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.headers().get("allow")).isEqualTo("POST");
        assertThat(delete.json().get("message").asText()).isEqualTo("Method DELETE is not allowed on /allocate");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers().get("allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void the_location_of_an_accepted_line_leads_to_its_order_whatever_the_order_id() {
        for (String orderId : List.of(".", "..", "a/b", "a?b#c", "100%", "a b", "+", "Ångström 😀")) {
            String body = "{\"orderid\": " + jsonString(orderId) + ", \"sku\": \"ABUSE-LAMP\", \"qty\": 1}";
            ApiClient.Response accepted = service.api().post("/allocate", body);
            assertThat(accepted.status()).as(orderId).isEqualTo(202);

            Answer order = send("GET " + accepted.location().orElseThrow() + " HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(order.status()).as("GET %s", accepted.location().get()).isEqualTo(200);
            assertThat(order.json().get("orderid").asText()).isEqualTo(orderId);
        }
    }

    @Test
    void a_body_that_trickles_in_is_cut_off_in_seconds_and_hundreds_of_stalled_ones_starve_no_one() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket socket = new Socket("127.0.0.1", service.port());
                socket.getOutputStream().write(("POST /allocate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 60\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                stalled.add(socket);
            }

            long start = System.nanoTime();
            ApiClient.Response health = service.api().get("/health");
            Duration tookHealth = Duration.ofNanos(System.nanoTime() - start);
            assertThat(health.status()).isEqualTo(200);
            assertThat(tookHealth).as("health, with 300 bodies stalled").isLessThan(Duration.ofSeconds(1));

            try (Socket trickle = new Socket("127.0.0.1", service.port())) {
                OutputStream out = trickle.getOutputStream();
                out.write(("POST /allocate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                long trickleStart = System.nanoTime();
                boolean cutOff = false;
                for (int i = 0; i < 20 && !cutOff; i++) {
                    Thread.sleep(1_000); // the client's own pace: a byte a second, as the attack sends it
                    try {
                        out.write(' ');
                        out.flush();
                        cutOff = trickle.getInputStream().available() > 0;
                    } catch (IOException closedByTheServer) {
                        cutOff = true;
                    }
                }
                assertThat(cutOff).as("the server gave up on the body").isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - trickleStart))
                        .isLessThan(Duration.ofSeconds(10).plusSeconds(4));
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void the_log_holds_no_password_no_stack_trace_for_a_clients_mistake_and_no_line_a_client_wrote() {
        String forged = "x\n2026-11-21T10:00:00.000Z INFO  [main] com.example.allocation.Main - forged line";
        service.api().post("/deallocate", "{\"orderid\": " + jsonString(forged) + ", \"sku\": \"ABUSE-LAMP\"}");
        send("GET /orders/a%0D%0Aforged-by-path HTTP/1.1\r\nHost: x\r\n\r\n");
        service.api().post("/allocate", "{\"orderid\": \"nul\\u0000\", \"sku\": \"ABUSE-LAMP\", \"qty\": 1}");
        service.api().post("/allocate", "[".repeat(5_000));
        service.api().post("/allocate", "{\"orderid\": \"o\", \"sku\": \"ABUSE-LAMP\", \"qty\": " + "9".repeat(5_000) + "}");

        String log = service.log();

        assertThat(log).doesNotContain(DATABASE_PASSWORD).doesNotContain(REDIS_PASSWORD);
        assertThat(log).doesNotContain("\tat ").doesNotContain("Exception in");
        assertThat(log).doesNotContain("\u0000").doesNotContain("\r");
        assertThat(log.lines().filter(line -> !line.isEmpty()))
                .as("every line is one the service wrote, starting with its timestamp")
                .allMatch(line -> line.matches("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z .*"));
        assertThat(log).doesNotContain("\n2026-11-21T10:00:00.000Z INFO  [main] com.example.allocation.Main - forged line");
        assertThat(log).contains("forged-by-path");
    }

    private static String jsonString(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer send(String request) {
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException refusedBeforeTheEnd) {
                // The server may answer and close before a huge request is all written; its answer is what counts.
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One HTTP/1.1 response: status line, headers, and a body of Content-Length bytes. */
    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed mid-line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
