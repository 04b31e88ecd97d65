package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Bootstrap;
import com.example.allocation.Service;
import com.example.allocation.TestConfig;
import com.example.allocation.TestDatabases;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.example.allocation.e2e.ApiClient.Response;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Stopping the service (what SIGTERM does) finishes the requests in flight and loses nothing it acknowledged. */
class GracefulShutdownIT {

    @Test
    void stopping_under_load_keeps_every_acknowledged_allocation_and_fails_no_request_with_a_500() throws Exception {
        DatabaseUrl url = TestDatabases.freshUrl(TestDatabases.Kind.H2);
        Service service = Bootstrap.start(TestConfig.on(url).build());
        ApiClient api = new ApiClient(service.port());
        api.addBatch("shutdown-batch", "SHUTDOWN-LAMP", 1_000_000, null);

        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<Integer> otherStatuses = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch warmedUp = new CountDownLatch(100);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int client = 0; client < 8; client++) {
            int clientId = client;
            clients.execute(() -> {
                for (int i = 0; i < 2_000; i++) {
                    String orderId = "shutdown-" + clientId + "-" + i;
                    try {
                        Response response = api.allocate(orderId, "SHUTDOWN-LAMP", 1);
                        if (response.status() == 202) {
                            acknowledged.add(orderId);
                            warmedUp.countDown();
                        } else {
                            otherStatuses.add(response.status());
                        }
                    } catch (UncheckedIOException connectionRefusedOrClosed) {
                        refused.incrementAndGet();
                        return;
                    }
                }
            });
        }

        assertThat(warmedUp.await(30, TimeUnit.SECONDS)).isTrue();
        service.close();
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(otherStatuses).as("statuses other than 202 while stopping").allMatch(status -> status == 503);
        assertThat(refused).as("clients that found the door closed").hasPositiveValue();
        try (Service restarted = Bootstrap.start(TestConfig.on(url).build())) {
            ApiClient after = new ApiClient(restarted.port());
            assertThat(after.get("/products/SHUTDOWN-LAMP").json().get("batches").get(0).get("allocated").asInt())
                    .isEqualTo(acknowledged.size());
            for (String orderId : acknowledged) {
                assertThat(after.get("/allocations/" + orderId).status()).as(orderId).isEqualTo(200);
            }
        }
    }
}
