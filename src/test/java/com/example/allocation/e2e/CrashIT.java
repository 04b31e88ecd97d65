package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Eventually;
import com.example.allocation.TestDatabases;
import com.example.allocation.TestRedis;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.example.allocation.e2e.ApiClient.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/spec.md §6, nothing lost: the real jar, killed with SIGKILL in the middle of allocating, then started again
 * on the same database. Every line it acknowledged with 202 is there, nothing is over-allocated, and every
 * acknowledged allocation reaches line_allocated on Redis, before the crash or after the restart.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class CrashIT {

    private static final Pattern ORDER_ID = Pattern.compile("\"orderid\":\"([^\"]+)\"");

    @Parameter
    TestDatabases.Kind kind;

    @Test
    void a_service_killed_mid_allocation_loses_no_acknowledged_line_and_no_message() throws Exception {
        DatabaseUrl database = TestDatabases.freshUrl(kind);
        Path workDir = Files.createTempDirectory(Path.of("target"), "crash-");
        try (TestRedis redis = new TestRedis(); TestRedis.Listener lineAllocated = redis.listen("line_allocated")) {
            RunningJar service = RunningJar.start(workDir, database, Map.of("REDIS_URL", redis.url()));
            ApiClient api = service.api();
            api.addBatch("crash-batch", "CRASH-LAMP", 1_000_000, null);

            List<String> acknowledged = LoadUntilKilled.allocate(service, "CRASH-LAMP", 200);

            RunningJar restarted = RunningJar.start(workDir, database, Map.of("REDIS_URL", redis.url()));
            try {
                ApiClient after = restarted.api();
                JsonProduct product = JsonProduct.of(after.get("/products/CRASH-LAMP"));
                assertThat(product.allocated()).as("allocated is at least what was acknowledged").isGreaterThanOrEqualTo(acknowledged.size());
                for (String orderId : acknowledged) {
                    assertThat(after.get("/allocations/" + orderId).status()).as(orderId).isEqualTo(200);
                }
                Set<String> published = new HashSet<>();
                Eventually.await("a line_allocated message for every acknowledged line", Duration.ofSeconds(30), () -> {
                    lineAllocated.received().forEach(message -> {
                        Matcher orderId = ORDER_ID.matcher(message);
                        if (orderId.find()) {
                            published.add(orderId.group(1));
                        }
                    });
                    return published.containsAll(acknowledged);
                });
            } finally {
                restarted.process().destroy();
                restarted.process().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private record JsonProduct(int purchased, int allocated) {

        static JsonProduct of(Response response) {
            var batch = response.json().get("batches").get(0);
            return new JsonProduct(batch.get("purchased").asInt(), batch.get("allocated").asInt());
        }
    }
}
