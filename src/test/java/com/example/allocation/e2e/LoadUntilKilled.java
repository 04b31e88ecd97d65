package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Eight clients allocating one unit each of a SKU on the running jar, until it is killed with SIGKILL. */
final class LoadUntilKilled {

    private LoadUntilKilled() {
    }

    /**
     * Kills the jar once {@code enough} lines were acknowledged, while the clients keep sending.
     *
     * @return every order line the service acknowledged with 202 before it died
     */
    static List<String> allocate(RunningJar service, String sku, int enough) throws InterruptedException {
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch enoughAcknowledged = new CountDownLatch(enough);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int c = 0; c < 8; c++) {
            int client = c;
            clients.execute(() -> {
                for (int i = 0; i < 100_000; i++) {
                    String orderId = "crash-" + client + "-" + i;
                    try {
                        if (service.api().allocate(orderId, sku, 1).status() == 202) {
                            acknowledged.add(orderId);
                            enoughAcknowledged.countDown();
                        }
                    } catch (UncheckedIOException serviceGone) {
                        return;
                    }
                }
            });
        }
        assertThat(enoughAcknowledged.await(60, TimeUnit.SECONDS)).as("%d lines acknowledged within a minute", enough).isTrue();
        service.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        return List.copyOf(acknowledged);
    }
}
