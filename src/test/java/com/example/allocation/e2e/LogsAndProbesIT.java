package com.example.allocation.e2e;

import static com.example.allocation.e2e.RunningServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Eventually;
import com.example.allocation.TestDatabases;
import com.example.allocation.TestIssuer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The jar as an operator runs it behind a log pipeline and a load balancer: {@code LOG_FORMAT=json} writes one JSON
 * object per line, each request's lines carrying its id and never its body or token; a stopping service says it
 * is not ready while it still serves.
 */
class LogsAndProbesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void with_log_format_json_every_line_is_a_json_object_and_a_requests_lines_carry_its_id_but_not_its_body_or_token()
            throws Exception {
        Path workDir = workDir("json-");
        RSAKey key = TestIssuer.newRsaKey();
        Path keyFile = TestIssuer.writePublicKeyPem(key, workDir.resolve("issuer.pem"));
        String token = TestIssuer.sign(key, TestIssuer.claims("warehouse", "allocation:stock allocation:orders").build());
        String sku = unique("LAMP");
        RunningJar service = RunningJar.start(workDir, TestDatabases.freshUrl(TestDatabases.Kind.H2), Map.of("LOG_FORMAT", "json",
                "AUTH_PUBLIC_KEY_FILE", keyFile.toString(), "AUTH_ISSUER", TestIssuer.ISSUER, "AUTH_AUDIENCE", TestIssuer.AUDIENCE));
        ApiClient api = service.api().withToken(token).withHeader("X-Request-Id", "trace-7");
        try {
            api.addBatch("batch-with-a-secret-looking-name", sku, 10, null);
            assertThat(api.post("/allocate", "{\"orderid\": \"o1\", \"sku\": \"" + sku + "\", \"qty\": \"hunter2\"}").status())
                    .isEqualTo(400);
            assertThat(service.api().withHeader("X-Request-Id", "trace-8").get("/health/live").status()).isEqualTo(200);
        } finally {
            stop(service);
        }

        List<JsonNode> lines = service.log().lines().map(LogsAndProbesIT::parse).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line.fieldNames()).toIterable()
                .contains("timestamp", "level", "logger", "thread", "message"));
        assertThat(lines.stream().filter(line -> line.path("logger").asText().equals("access"))
                .map(line -> line.path("request_id").asText() + " " + line.path("message").asText()))
                .anySatisfy(access -> assertThat(access).startsWith("trace-7 POST /add_batch 201 ").endsWith(" by warehouse"))
                .anySatisfy(access -> assertThat(access).startsWith("trace-7 POST /allocate 400 "))
                .anySatisfy(access -> assertThat(access).startsWith("trace-8 GET /health/live 200 "));
        assertThat(service.log()).doesNotContain(token).doesNotContain("hunter2").doesNotContain("batch-with-a-secret-looking-name")
                .doesNotContain(token.substring(token.lastIndexOf('.') + 1));
    }

    @Test
    void by_default_the_log_is_text_with_the_requests_id_after_the_thread() throws Exception {
        RunningJar service = RunningJar.start(workDir("text-"), TestDatabases.freshUrl(TestDatabases.Kind.H2), Map.of());
        try {
            assertThat(service.api().withHeader("X-Request-Id", "trace-9").get("/health/live").status()).isEqualTo(200);
        } finally {
            stop(service);
        }
        assertThat(service.log().lines().filter(line -> line.contains("GET /health/live 200")))
                .singleElement().asString().matches(".* INFO  \\[[^]]+] \\[trace-9] access - GET /health/live 200 \\d+ms by -");
        assertThat(service.log().lines().filter(line -> line.contains("listening on")))
                .singleElement().asString().doesNotContain("[]").contains("] com.example.allocation.Main - ");
    }

    @Test
    void an_unknown_log_format_is_refused_at_start() throws Exception {
        Path workDir = workDir("xml-");

        int status = RunningJar.refusal(workDir, TestDatabases.freshUrl(TestDatabases.Kind.H2), Map.of("LOG_FORMAT", "xml"));

        assertThat(status).isEqualTo(2);
        assertThat(Files.readString(workDir.resolve("service.log"))).contains("Cannot start: LOG_FORMAT must be text or json, got 'xml'");
    }

    @Test
    void a_stopping_service_is_not_ready_at_once_and_goes_on_serving_until_its_shutdown_delay_is_over() throws Exception {
        RunningJar service = RunningJar.start(workDir("drain-"), TestDatabases.freshUrl(TestDatabases.Kind.H2),
                Map.of("SHUTDOWN_DELAY_MS", "6000"));
        ApiClient api = service.api();
        String sku = unique("LAMP");
        api.addBatch(unique("batch"), sku, 10, null);
        assertThat(api.get("/health/ready").status()).isEqualTo(200);

        service.process().destroy(); // SIGTERM, as an orchestrator sends it

        Eventually.await("/health/ready answering 503", Duration.ofSeconds(5), () -> api.get("/health/ready").status() == 503);
        assertThat(api.get("/health/ready").json().path("message").asText()).isEqualTo("The service is stopping");
        assertThat(api.allocate(unique("order"), sku, 1).status()).as("served while draining").isEqualTo(202);
        assertThat(api.get("/health/live").status()).isEqualTo(200);
        assertThat(service.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(service.log()).contains("Not ready any more; serving for 6000 ms while load balancers notice", "Stopped");
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode json = JSON.readTree(line);
            assertThat(json.isObject()).as(line).isTrue();
            return json;
        } catch (IOException e) {
            throw new AssertionError("Not a JSON line: " + line, e);
        }
    }

    private static Path workDir(String prefix) throws IOException {
        return Files.createTempDirectory(Path.of("target"), "logs-" + prefix).toAbsolutePath();
    }

    private static void stop(RunningJar service) throws InterruptedException {
        service.process().destroy();
        service.process().waitFor(30, TimeUnit.SECONDS);
    }
}
