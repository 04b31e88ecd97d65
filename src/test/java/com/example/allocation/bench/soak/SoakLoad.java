package com.example.allocation.bench.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A mixed load of every change the API offers, from several threads, each a client that fails over between the
 * instances; every request and its answer go into the {@link Journal}. Ids are new per run, so one database can
 * serve several soaks and the checker can tell this run's rows from others'.
 */
public final class SoakLoad {

    static final int SKUS = 20;
    static final int SEED_QTY = 1_000;

    /** A request may take its whole timeout (15 s) after stop is asked. */
    private static final long JOIN_MILLIS = 20_000;
    private static final long SEED_PATIENCE_MILLIS = 120_000;

    private final List<String> baseUrls;
    private final long seed;
    private final int threads;
    private final Journal journal = new Journal();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    public SoakLoad(List<String> baseUrls, long seed, int threads) {
        this.baseUrls = List.copyOf(baseUrls);
        this.seed = seed;
        this.threads = threads;
    }

    static String sku(int i) {
        return "SOAK-" + i;
    }

    /** Stocks every SKU (a warehouse batch and a shipment), then starts the threads. */
    public void start() throws InterruptedException {
        FailoverClient client = new FailoverClient(baseUrls, 0);
        List<Map<String, Shopper.OwnBatch>> owned = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            owned.add(new HashMap<>());
        }
        int index = 0;
        for (int i = 0; i < SKUS; i++) {
            for (String eta : new String[] {null, "2027-06-01"}) {
                String ref = runId + "-seed-" + sku(i) + (eta == null ? "-warehouse" : "-ship");
                addSeedBatch(client, ref, sku(i), eta);
                // Each seeded batch is changed by one thread only, so its last acknowledged quantity is well defined.
                owned.get(index++ % threads).put(ref, new Shopper.OwnBatch(sku(i), SEED_QTY));
            }
        }
        running = true;
        for (int t = 0; t < threads; t++) {
            Shopper shopper = new Shopper(t, runId, new FailoverClient(baseUrls, t), journal, seed + t, owned.get(t));
            Thread thread = new Thread(() -> shopper.runWhile(() -> running), "soak-" + t);
            workers.add(thread);
            thread.start();
        }
    }

    private void addSeedBatch(FailoverClient client, String ref, String sku, String eta) throws InterruptedException {
        String body = "{\"ref\":\"" + ref + "\",\"sku\":\"" + sku + "\",\"qty\":" + SEED_QTY + ",\"eta\":"
                + (eta == null ? "null" : "\"" + eta + "\"") + "}";
        long deadline = System.currentTimeMillis() + SEED_PATIENCE_MILLIS;
        while (true) {
            FailoverClient.Answer answer = client.send("POST", "/add_batch", body);
            journal.record(new Journal.Op("add_batch", ref, sku, SEED_QTY, answer.status(), answer.startNanos(),
                    answer.endNanos(), answer.startMillis(), answer.status() == 201 ? eta : answer.body()));
            // 409: an earlier attempt that got no answer was made after all.
            if (answer.status() == 201 || answer.status() == 409) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Could not stock " + ref + ": last answer " + answer.status() + " " + answer.body());
            }
            Thread.sleep(1_000);
        }
    }

    /** Asks every thread to stop after its request in flight, and waits for them (bounded). */
    public void stop() throws InterruptedException {
        running = false;
        long deadline = System.currentTimeMillis() + JOIN_MILLIS;
        for (Thread worker : workers) {
            worker.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
        workers.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
    }

    public Journal journal() {
        return journal;
    }
}
