package com.example.allocation.e2e;

import static com.example.allocation.e2e.RunningServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.example.allocation.Bootstrap;
import com.example.allocation.CapturedLog;
import com.example.allocation.Eventually;
import com.example.allocation.Service;
import com.example.allocation.TestCertificate;
import com.example.allocation.TestConfig;
import com.example.allocation.TestDatabases;
import com.example.allocation.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The service on a Redis that requires an ACL user and password, and on one that speaks TLS only. */
class RedisSecurityIT {

    private static final String PASSWORD = "redis-acl-pa55word";

    @Test
    void the_service_logs_in_as_its_redis_user_and_a_wrong_password_keeps_it_out_without_reaching_the_log() throws Exception {
        String sku = unique("LAMP");
        try (TestRedis redis = TestRedis.withUser("allocation", PASSWORD);
                TestRedis.Listener allocations = redis.listen("line_allocated");
                Service service = Bootstrap.start(TestConfig.on(TestDatabases.freshUrl(TestDatabases.Kind.H2))
                        .with("REDIS_URL", redis.url()).build())) {
            ApiClient api = new ApiClient(service.port());
            awaitConsumer(api, "subscribed");

            api.addBatch("b1", sku, 10, null);
            api.allocate("o1", sku, 1);

            assertThat(allocations.await(message -> message.contains(sku), Duration.ofSeconds(10))).contains("\"batchref\":\"b1\"");
            String wrongPassword = "wrong-" + PASSWORD;
            try (CapturedLog log = new CapturedLog(Logger.ROOT_LOGGER_NAME, Level.INFO);
                    Service locked = Bootstrap.start(TestConfig.on(TestDatabases.freshUrl(TestDatabases.Kind.H2))
                            .with("REDIS_URL", redis.url().replace(PASSWORD, wrongPassword)).build())) {
                ApiClient lockedOut = new ApiClient(locked.port());
                Eventually.await("the locked-out consumer to have tried", () -> log.text().contains("Redis"));
                assertThat(lockedOut.get("/health").json().path("redis").path("consumer").asText()).isEqualTo("not subscribed");
                assertThat(log.text()).doesNotContain(wrongPassword).doesNotContain(PASSWORD);
            }
        }
    }

    @Test
    void over_rediss_the_service_speaks_tls_and_only_to_a_server_whose_certificate_it_trusts() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "redis-tls-").toAbsolutePath();
        TestCertificate certificate = TestCertificate.create(dir);
        String sku = unique("LAMP");
        try (TestRedis redis = TestRedis.withUserOverTls("allocation", PASSWORD, certificate);
                TestRedis.Listener allocations = redis.listen("line_allocated")) {
            assertThat(redis.url()).startsWith("rediss://");
            RunningJar trusting = RunningJar.start(Files.createDirectory(dir.resolve("trusting")),
                    TestDatabases.freshUrl(TestDatabases.Kind.H2), Map.of("REDIS_URL", redis.url()),
                    List.of("-Djavax.net.ssl.trustStore=" + certificate.trustStore(),
                            "-Djavax.net.ssl.trustStorePassword=" + certificate.password()));
            RunningJar distrusting = RunningJar.start(Files.createDirectory(dir.resolve("distrusting")),
                    TestDatabases.freshUrl(TestDatabases.Kind.H2), Map.of("REDIS_URL", redis.url()), List.of());
            try {
                awaitConsumer(trusting.api(), "subscribed");
                trusting.api().addBatch("b1", sku, 10, null);
                trusting.api().allocate("o1", sku, 1);
                assertThat(allocations.await(message -> message.contains(sku), Duration.ofSeconds(10))).contains("\"orderid\":\"o1\"");

                Eventually.await("the distrusting service to have refused the certificate",
                        () -> distrusting.log().contains("Redis") && distrusting.log().toLowerCase().contains("certif"));
                assertThat(distrusting.api().get("/health").json().path("redis").path("consumer").asText()).isEqualTo("not subscribed");
                assertThat(trusting.log() + distrusting.log()).doesNotContain(PASSWORD);
            } finally {
                for (RunningJar jar : List.of(trusting, distrusting)) {
                    jar.process().destroy();
                    jar.process().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static void awaitConsumer(ApiClient api, String state) {
        Eventually.await("the Redis consumer " + state,
                () -> api.get("/health").json().path("redis").path("consumer").asText().equals(state));
    }
}
