package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Bootstrap;
import com.example.allocation.Eventually;
import com.example.allocation.Service;
import com.example.allocation.TestConfig;
import com.example.allocation.TestRedis;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.example.allocation.e2e.ApiClient.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * docs/spec.md §6: a database restart under a running service. While PostgreSQL is down, requests get 503 with
 * Retry-After and change nothing; once it is back, the service carries on by itself, and everything it
 * acknowledged before is still there.
 */
class DatabaseRestartIT {

    @Test
    void the_service_rides_out_a_database_restart_and_keeps_what_it_acknowledged() throws Exception {
        int port = TestRedis.freePort();
        Path data = Files.createTempDirectory(Path.of("target"), "restarting-postgres-");
        EmbeddedPostgres postgres = start(port, data);
        try (Service service = Bootstrap.start(TestConfig.on(
                DatabaseUrl.parse("jdbc:postgresql://localhost:" + port + "/postgres?user=postgres")).build())) {
            ApiClient api = new ApiClient(service.port());
            api.addBatch("restart-batch", "RESTART-LAMP", 100, null);
            assertThat(api.allocate("before", "RESTART-LAMP", 1).status()).isEqualTo(202);

            postgres.close();

            Response during = api.allocate("during", "RESTART-LAMP", 1);
            assertThat(during.status()).isEqualTo(503);
            assertThat(during.message()).contains("database is unavailable");
            assertThat(api.get("/allocations/before").status()).isEqualTo(503);
            assertThat(api.get("/health").status()).isEqualTo(503);

            postgres = start(port, data);

            Eventually.await("health back to 200", Duration.ofSeconds(30), () -> api.get("/health").status() == 200);
            assertThat(api.allocate("after", "RESTART-LAMP", 1).status()).isEqualTo(202);
            assertThat(api.get("/allocations/before").status()).isEqualTo(200);
            assertThat(api.get("/allocations/after").status()).isEqualTo(200);
            assertThat(api.get("/orders/during").status()).isEqualTo(404);
            assertThat(api.get("/products/RESTART-LAMP").json().get("batches").get(0).get("allocated").asInt()).isEqualTo(2);
        } finally {
            postgres.close();
        }
    }

    /** A server of its own, on a fixed port and data folder, so that it can be stopped and started again. */
    private static EmbeddedPostgres start(int port, Path data) throws Exception {
        return EmbeddedPostgres.builder().setPort(port).setDataDirectory(data).setCleanDataDirectory(false).start();
    }
}
