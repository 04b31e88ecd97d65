package com.example.allocation.entrypoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.CapturedLog;
import com.example.allocation.adapters.csv.CsvFolder;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.entrypoints.http.AccessControl;
import com.example.allocation.entrypoints.http.Health;
import com.example.allocation.entrypoints.http.HttpApi;
import com.example.allocation.entrypoints.http.Readiness;
import com.example.allocation.entrypoints.http.Telemetry;
import com.example.allocation.entrypoints.kafka.CommandRecords;
import com.example.allocation.entrypoints.redis.RedisConsumer;
import com.example.allocation.servicelayer.FakeService;
import com.example.allocation.servicelayer.FakeStore;
import com.example.allocation.servicelayer.messagebus.CommandType;
import com.example.allocation.servicelayer.messagebus.Commands;
import com.example.allocation.views.Views;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table of malformed values, sent through every channel a command comes by — an HTTP body, a Redis message, a
 * Kafka record, a CSV file — gets the same words from each, and the same refusal: a 400, a skipped message, a
 * dead-lettered record, a file named by line; and nothing is changed.
 */
class MalformedCommandsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SKU = "LAMP";
    private static final FakeService service = new FakeService();
    private static Javalin http;

    @TempDir
    Path folder;

    /** A field of a command, a value for it as JSON (null: left out) and as a CSV cell, and the words expected. */
    record Mistake(CommandType<?> type, String field, Object json, String cell, String words) {

        @Override
        public String toString() {
            return type.name() + "." + field + " = " + cell;
        }
    }

    static Stream<Arguments> mistakes() {
        String tooLong = "é".repeat(256);
        return Stream.of(
                new Mistake(Commands.ALLOCATE, "qty", 0, "0", "qty must be from 1 to 2147483647, got 0"),
                new Mistake(Commands.ALLOCATE, "qty", -3, "-3", "qty must be from 1 to 2147483647, got -3"),
                new Mistake(Commands.ALLOCATE, "qty", 2147483648L, "2147483648", "qty must be from 1 to 2147483647, got 2147483648"),
                new Mistake(Commands.ALLOCATE, "qty", 1.5, "1.5", "qty must be a whole number, not the number 1.5"),
                new Mistake(Commands.ALLOCATE, "qty", "two", "two", "qty must be a whole number, not the string \"two\""),
                new Mistake(Commands.ALLOCATE, "qty", null, "", "qty is required"),
                new Mistake(Commands.ALLOCATE, "sku", " ", " ", "sku must not be blank"),
                new Mistake(Commands.ALLOCATE, "sku", "LA\u0000MP", "LA\u0000MP",
                        "sku must not contain control characters; it has \\u0000 at position 3"),
                new Mistake(Commands.ALLOCATE, "sku", "LA\u0085MP", "LA\u0085MP",
                        "sku must not contain control characters; it has \\u0085 at position 3"),
                new Mistake(Commands.ALLOCATE, "orderid", tooLong, tooLong, "orderid must be at most 255 characters, got 256"),
                new Mistake(Commands.CREATE_BATCH, "eta", "+12345-01-01", "+12345-01-01",
                        "eta must be a date written YYYY-MM-DD, or null, not the string \"+12345-01-01\""),
                new Mistake(Commands.CREATE_BATCH, "eta", "-0001-01-01", "-0001-01-01",
                        "eta must be a date written YYYY-MM-DD, or null, not the string \"-0001-01-01\""),
                new Mistake(Commands.CREATE_BATCH, "eta", "21-11-2026", "21-11-2026",
                        "eta must be a date written YYYY-MM-DD, or null, not the string \"21-11-2026\""),
                new Mistake(Commands.CREATE_BATCH, "eta", "2026-02-30", "2026-02-30", "eta \"2026-02-30\" is not a real calendar date"),
                new Mistake(Commands.CREATE_BATCH, "qty", 0, "0", "qty must be from 1 to 2147483647, got 0"))
                .map(Arguments::of);
    }

    @BeforeAll
    static void start() {
        service.handle(new CreateBatch("b1", SKU, 10, null));
        HttpApi api = new HttpApi(service.bus, new Views(Jdbi.create("jdbc:h2:mem:never-used"), new FakeStore()::start),
                () -> new Health(true, Map.of()), new Readiness(() -> true),
                new Telemetry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> { }), new AccessControl(null, null),
                service.clock);
        http = api.server("127.0.0.1", 0, 5_000).start();
    }

    @AfterAll
    static void stop() {
        http.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void the_same_mistake_gets_the_same_words_and_changes_nothing_on_every_channel(Mistake mistake) throws Exception {
        long version = service.store.product(SKU).orElseThrow().version();
        ObjectNode body = body(mistake);

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http.port() + "/" + mistake.type().channel()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("over HTTP").isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).get("message").asText()).as("over HTTP").isEqualTo(mistake.words());

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RedisConsumer redis = new RedisConsumer(RedisClient.create(), service.direct, List.of(mistake.type()), meters);
        try (CapturedLog log = new CapturedLog(RedisConsumer.class)) {
            // Redis names a batch's reference as the book does; the channel reads the other keys tolerantly
            redis.handle(mistake.type().channel(), body.deepCopy().put("batchref", "b2").toString());
            assertThat(log.text()).as("on Redis").contains("message (" + mistake.words() + ")");
        }
        assertThat(meters.get("allocation.inbound.messages").tag("outcome", "skipped").counter().count()).as("on Redis").isEqualTo(1);

        ObjectNode record = body.deepCopy().put("type", mistake.type().name());
        assertThatThrownBy(() -> CommandRecords.parse(record.toString())).as("on Kafka")
                .isInstanceOf(IllegalArgumentException.class).hasMessage(mistake.words());

        String file = mistake.type() == Commands.ALLOCATE ? CsvFolder.ORDERS : CsvFolder.BATCHES;
        Files.writeString(folder.resolve(CsvFolder.BATCHES), "ref,sku,qty,eta\nb1,LAMP,10,\n", StandardCharsets.UTF_8);
        Files.writeString(folder.resolve(CsvFolder.ORDERS), "orderid,sku,qty\no1,LAMP,1\n", StandardCharsets.UTF_8);
        Files.writeString(folder.resolve(file), csv(mistake), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CsvFolder.open(folder)).as("in CSV").isInstanceOf(CsvFolder.Malformed.class)
                .hasMessage(file + " line 2: " + mistake.words());

        assertThat(service.store.product(SKU).orElseThrow().version()).as("nothing changed").isEqualTo(version);
    }

    /**
     * Each command's route, its path parameters filled in: with an empty body, the first field the body must hold is
     * required, in the catalogue's words; a command whose fields are all in its path ({@code DELETE /holds/{holdid}})
     * is routed, and refused only for what it names. The service's own commands have no route.
     */
    @Test
    void every_command_of_the_catalogue_has_its_http_route_which_reads_it_by_the_catalogue() throws Exception {
        for (CommandType<?> type : Commands.ALL) {
            if (type.channel() == null) {
                assertThat(type).isEqualTo(Commands.EXPIRE_HOLD);
                continue;
            }
            String path = "/" + type.channel().replaceAll("\\{[^}]+}", "nobody");
            List<String> inBody = type.fieldNames().stream().filter(name -> !type.channel().contains("{" + name + "}")).toList();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path));
            HttpResponse<String> answer = HttpClient.newHttpClient().send(inBody.isEmpty() ? request.DELETE().build()
                    : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (inBody.isEmpty()) {
                assertThat(answer.statusCode()).as("DELETE " + path).isEqualTo(404);
                assertThat(JSON.readTree(answer.body()).get("message").asText()).as("DELETE " + path).isEqualTo("No hold nobody");
            } else {
                assertThat(answer.statusCode()).as("POST " + path).isEqualTo(400);
                assertThat(JSON.readTree(answer.body()).get("message").asText()).as("POST " + path)
                        .startsWith(inBody.get(0) + " is required");
            }
        }
    }

    static Stream<Arguments> holdMistakes() {
        String line = "{\"sku\": \"LAMP\", \"qty\": 1}";
        return Stream.of(
                Arguments.of("[]", "lines must hold 1 to 100 lines, got 0"),
                Arguments.of(line, "lines must be an array of {sku, qty}, not an object"),
                Arguments.of("[\"LAMP\"]", "lines[0] must be an object {sku, qty}, not the string \"LAMP\""),
                Arguments.of("[{\"sku\": \"LAMP\"}]", "lines[0].qty is required"),
                Arguments.of("[" + line + ", {\"sku\": \"LA\\u0000MP\", \"qty\": 0}]",
                        "lines[1].sku must not contain control characters; it has \\u0000 at position 3; "
                                + "lines[1].qty must be from 1 to 2147483647, got 0"),
                Arguments.of("[" + line + ", {\"sku\": \"LAMP\", \"qty\": 2}]", "lines has more than one line for sku LAMP"),
                Arguments.of("[" + (line + ",").repeat(100) + line + "]", "lines must hold 1 to 100 lines, got 101"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("holdMistakes")
    void a_hold_with_malformed_lines_gets_the_same_words_over_http_and_kafka_and_holds_nothing(String lines, String words)
            throws Exception {
        String body = "{\"holdid\": \"cart-1\", \"lines\": " + lines + "}";

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http.port() + "/holds"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("over HTTP").isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).get("message").asText()).as("over HTTP").isEqualTo(words);

        ObjectNode record = ((ObjectNode) JSON.readTree(body)).put("type", Commands.PLACE_HOLD.name());
        assertThatThrownBy(() -> CommandRecords.parse(record.toString())).as("on Kafka")
                .isInstanceOf(IllegalArgumentException.class).hasMessage(words);
        assertThat(service.store.hold("cart-1")).isEmpty();
    }

    /** A valid command of the mistake's type, with the mistaken field put in (or left out). */
    private static ObjectNode body(Mistake mistake) {
        ObjectNode body = JSON.createObjectNode();
        if (mistake.type() == Commands.ALLOCATE) {
            body.put("orderid", "o1").put("sku", SKU).put("qty", 1);
        } else {
            body.put("ref", "b2").put("sku", SKU).put("qty", 5).putNull("eta");
        }
        body.remove(mistake.field());
        if (mistake.json() != null) {
            body.set(mistake.field(), JSON.valueToTree(mistake.json()));
        }
        return body;
    }

    private static String csv(Mistake mistake) throws Exception {
        List<String> header = mistake.type().fieldNames();
        ObjectNode row = body(mistake);
        StringBuilder out = new StringBuilder();
        try (var printer = CSVFormat.RFC4180.print(out)) {
            printer.printRecord(header);
            printer.printRecord(header.stream().map(name -> name.equals(mistake.field()) ? mistake.cell()
                    : row.hasNonNull(name) ? row.get(name).asText() : "").toList());
        }
        return out.toString();
    }
}
