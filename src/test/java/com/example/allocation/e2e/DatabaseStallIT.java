package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Bootstrap;
import com.example.allocation.Eventually;
import com.example.allocation.Service;
import com.example.allocation.TcpProxy;
import com.example.allocation.TestConfig;
import com.example.allocation.TestDatabases;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.example.allocation.e2e.ApiClient.Response;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A database that stalls — a lock held elsewhere, a table locked, a network that silently drops packets —
 * is a 503 within a bounded time, never a hang; the service keeps serving what it can, health answers
 * within a second and says what it sees, and everything recovers by itself when the stall ends. Runs the
 * service with its default timeouts: statements 2 s, locks 1 s, writes 5 s.
 */
class DatabaseStallIT {

    /** A write's bound (5 s) and a margin for a loaded 2-core machine: what a client may have to wait, at most. */
    private static final Duration WRITE_BOUND = Duration.ofSeconds(9);
    private static final Duration HEALTH_BOUND = Duration.ofMillis(1_500);

    private DatabaseUrl url;
    private Service service;
    private ApiClient api;

    @BeforeEach
    void start() {
        url = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private void startService(DatabaseUrl database) {
        service = Bootstrap.start(TestConfig.on(database).build());
        api = new ApiClient(service.port());
    }

    private Connection otherConnection() throws Exception {
        Connection connection = url.user() == null ? DriverManager.getConnection(url.jdbcUrl())
                : DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        connection.setAutoCommit(false);
        return connection;
    }

    @Test
    void a_lock_held_on_one_product_is_a_503_for_it_in_bounded_time_while_other_products_carry_on() throws Exception {
        startService(url);
        api.addBatch("stuck-batch", "STUCK-LAMP", 100, null);
        api.addBatch("free-batch", "FREE-LAMP", 100, null);

        try (Connection other = otherConnection(); Statement statement = other.createStatement()) {
            statement.execute("SELECT * FROM products WHERE sku = 'STUCK-LAMP' FOR UPDATE");

            Timed<Response> stuck = timed(() -> api.allocate("stuck-order", "STUCK-LAMP", 1));
            assertThat(stuck.value().status()).isEqualTo(503);
            assertThat(stuck.value().message()).contains("nothing was changed");
            assertThat(stuck.took()).isLessThan(WRITE_BOUND);
            for (int i = 0; i < 5; i++) {
                Timed<Response> free = timed(() -> api.allocate(RunningServices.unique("free-order"), "FREE-LAMP", 1));
                assertThat(free.value().status()).as("another product, while one is locked").isEqualTo(202);
                assertThat(free.took()).isLessThan(Duration.ofSeconds(3));
            }
            Timed<Response> health = timed(() -> api.get("/health"));
            assertThat(health.took()).isLessThan(HEALTH_BOUND);
            assertThat(health.value().status()).isEqualTo(200);

            other.rollback();
        }

        Eventually.await("the locked product takes orders again",
                () -> api.allocate("after-the-lock", "STUCK-LAMP", 1).status() == 202);
        assertThat(api.get("/orders/stuck-order").status()).as("the refused change was not made").isEqualTo(404);
        assertThat(api.get("/products/STUCK-LAMP").json().at("/batches/0/allocated").asInt()).isEqualTo(1);
    }

    @Test
    void a_locked_table_is_a_503_in_bounded_time_for_every_write_even_hundreds_at_once_and_health_still_answers() throws Exception {
        startService(url);
        api.addBatch("table-batch", "TABLE-LAMP", 1_000, null);

        ExecutorService clients = Executors.newFixedThreadPool(300);
        try (Connection other = otherConnection(); Statement statement = other.createStatement()) {
            statement.execute("LOCK TABLE products IN ACCESS EXCLUSIVE MODE");

            List<Future<Timed<Response>>> writes = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String order = "piled-up-" + i;
                writes.add(clients.submit(() -> timed(() -> api.allocate(order, "TABLE-LAMP", 1))));
            }
            Timed<Response> health = timed(() -> api.get("/health"));
            Timed<Response> unknownRoute = timed(() -> api.get("/no-such-route"));
            for (Future<Timed<Response>> write : writes) {
                Timed<Response> answer = write.get(60, TimeUnit.SECONDS);
                assertThat(answer.value().status()).isEqualTo(503);
                assertThat(answer.value().message()).contains("nothing was changed");
                assertThat(answer.took()).isLessThan(WRITE_BOUND);
            }
            assertThat(health.took()).isLessThan(HEALTH_BOUND);
            assertThat(health.value().status()).isEqualTo(200);
            assertThat(unknownRoute.value().status()).isEqualTo(404);
            assertThat(unknownRoute.took()).isLessThan(Duration.ofSeconds(2));

            other.rollback();
        } finally {
            clients.shutdownNow();
        }

        Eventually.await("writes succeed once the table is free",
                () -> api.allocate("after-the-table-lock", "TABLE-LAMP", 1).status() == 202);
        assertThat(api.get("/products/TABLE-LAMP").json().at("/batches/0/allocated").asInt()).as("none of the 503s was made").isEqualTo(1);
    }

    /**
     * The deadline bounds the whole answer: a write waits for its turn, for a connection and for the database only
     * until WRITE_TIMEOUT_MS, and is not tried again alone after it — here shorter than the pool's connection wait
     * (2 s), which it cuts. A margin of a second for a loaded 2-core machine.
     */
    @Test
    void while_the_database_cannot_be_reached_every_write_is_answered_within_its_deadline_and_none_is_made() throws Exception {
        Duration deadline = Duration.ofMillis(1_500);
        URI direct = URI.create(url.jdbcUrl().substring("jdbc:".length()));
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try (TcpProxy network = new TcpProxy(direct.getPort())) {
            service = Bootstrap.start(TestConfig.on(new DatabaseUrl(url.jdbcUrl().replace(":" + direct.getPort() + "/", ":" + network.port() + "/"),
                    url.user(), url.password())).with("WRITE_TIMEOUT_MS", String.valueOf(deadline.toMillis())).build());
            api = new ApiClient(service.port());
            api.addBatch("gap-batch", "GAP-LAMP", 1_000, null);

            network.cut();
            List<Future<Timed<Response>>> writes = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                String order = "in-the-gap-" + i;
                writes.add(clients.submit(() -> timed(() -> api.allocate(order, "GAP-LAMP", 1))));
            }
            for (Future<Timed<Response>> write : writes) {
                Timed<Response> answer = write.get(60, TimeUnit.SECONDS);
                assertThat(answer.value().status()).isEqualTo(503);
                assertThat(answer.value().header("Retry-After")).isPresent();
                assertThat(answer.took()).isLessThan(deadline.plusSeconds(1));
            }
            network.restore();

            Eventually.await("writes succeed once the database is back", Duration.ofSeconds(30),
                    () -> api.allocate("after-the-gap", "GAP-LAMP", 1).status() == 202);
            assertThat(api.get("/products/GAP-LAMP").json().at("/batches/0/allocated").asInt()).as("none of the 503s was made").isEqualTo(1);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void a_network_that_drops_everything_silently_is_a_503_in_bounded_time_and_health_says_unreachable() throws Exception {
        URI direct = URI.create(url.jdbcUrl().substring("jdbc:".length()));
        try (TcpProxy network = new TcpProxy(direct.getPort())) {
            DatabaseUrl throughProxy = new DatabaseUrl(url.jdbcUrl().replace(":" + direct.getPort() + "/", ":" + network.port() + "/"),
                    url.user(), url.password());
            startService(throughProxy);
            api.addBatch("silent-batch", "SILENT-LAMP", 100, null);

            network.freeze();

            Timed<Response> write = timed(() -> api.allocate("silent-order", "SILENT-LAMP", 1));
            assertThat(write.value().status()).isEqualTo(503);
            assertThat(write.took()).isLessThan(WRITE_BOUND);
            Timed<Response> health = timed(() -> api.get("/health"));
            assertThat(health.took()).isLessThan(HEALTH_BOUND);
            assertThat(health.value().status()).isEqualTo(503);
            assertThat(health.value().json().get("database_state").asText()).isEqualTo("unreachable");

            network.thaw();

            Eventually.await("writes succeed once the network is back", Duration.ofSeconds(30),
                    () -> api.allocate("after-the-silence", "SILENT-LAMP", 1).status() == 202);
            assertThat(api.get("/health").json().get("database_state").asText()).isEqualTo("ok");
        }
    }

    private record Timed<T>(T value, Duration took) {
    }

    private static <T> Timed<T> timed(Supplier<T> call) {
        long start = System.nanoTime();
        T value = call.get();
        return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
    }
}
