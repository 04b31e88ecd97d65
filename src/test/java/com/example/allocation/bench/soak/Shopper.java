package com.example.allocation.bench.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * One load thread: picks each next request from the mix, and keeps what the service acknowledged to it (its
 * lines, its holds, the quantities it last set on its own batches) so that deallocations, hold operations and
 * quantity changes act on things that exist. It changes only batches it owns: another thread's change could
 * race its own, and the checker could not tell which the service saw last.
 */
final class Shopper {

    record OwnBatch(String sku, int purchased) {
    }

    private record Line(String orderId, String sku, int qty) {
    }

    private record Hold(String holdId, List<Line> lines) {
    }

    /** Weights of each kind of request, out of 100. */
    private static final List<Map.Entry<String, Integer>> MIX = List.of(Map.entry("allocate", 40), Map.entry("deallocate", 8),
            Map.entry("place_hold", 12), Map.entry("extend_hold", 4), Map.entry("release_hold", 4), Map.entry("confirm_hold", 8),
            Map.entry("add_batch", 2), Map.entry("raise", 3), Map.entry("lower", 3), Map.entry("read", 16));
    private static final int TTL_SECONDS = 30;
    /** Holds left to run out: the sweeper must record each expired within a minute. */
    private static final int SHORT_TTL_SECONDS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int thread;
    private final String runId;
    private final FailoverClient client;
    private final Journal journal;
    private final Random random;
    private final Map<String, OwnBatch> batches;
    private final List<Line> lines = new ArrayList<>();
    private final List<Hold> holds = new ArrayList<>();
    private final List<String> seenOrders = new ArrayList<>();
    private final List<String> seenHolds = new ArrayList<>();
    private int counter;

    Shopper(int thread, String runId, FailoverClient client, Journal journal, long seed, Map<String, OwnBatch> batches) {
        this.thread = thread;
        this.runId = runId;
        this.client = client;
        this.journal = journal;
        this.random = new Random(seed);
        this.batches = batches;
    }

    void runWhile(BooleanSupplier running) {
        try {
            while (running.getAsBoolean()) {
                step(pick());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String pick() {
        int roll = random.nextInt(100);
        for (Map.Entry<String, Integer> kind : MIX) {
            roll -= kind.getValue();
            if (roll < 0) {
                return kind.getKey();
            }
        }
        throw new IllegalStateException("The mix's weights do not add up to 100");
    }

    private void step(String kind) throws InterruptedException {
        switch (kind) {
            case "allocate" -> allocate();
            case "deallocate" -> deallocate();
            case "place_hold" -> placeHold();
            case "extend_hold", "release_hold", "confirm_hold" -> actOnHold(kind);
            case "add_batch" -> addBatch();
            case "raise", "lower" -> changeQuantity(kind);
            case "read" -> read();
            default -> throw new IllegalStateException("No request for " + kind);
        }
    }

    private String newId() {
        return runId + "-t" + thread + "-" + ++counter;
    }

    private String randomSku() {
        return SoakLoad.sku(random.nextInt(SoakLoad.SKUS));
    }

    private void allocate() throws InterruptedException {
        Line line = new Line(newId(), randomSku(), 1 + random.nextInt(3));
        seenOrders.add(line.orderId());
        FailoverClient.Answer answer = client.send("POST", "/allocate",
                "{\"orderid\":\"" + line.orderId() + "\",\"sku\":\"" + line.sku() + "\",\"qty\":" + line.qty() + "}");
        record("allocate", line.orderId(), line.sku(), line.qty(), answer, null);
        if (answer.status() == 202) {
            lines.add(line);
        }
    }

    private void deallocate() throws InterruptedException {
        if (lines.isEmpty()) {
            allocate();
            return;
        }
        Line line = lines.get(random.nextInt(lines.size()));
        FailoverClient.Answer answer = client.send("POST", "/deallocate",
                "{\"orderid\":\"" + line.orderId() + "\",\"sku\":\"" + line.sku() + "\"}");
        record("deallocate", line.orderId(), line.sku(), line.qty(), answer, null);
        // Unanswered, it stays: asking again later is what a real client would do, and gives the checker that case.
        if (answer.status() == 202 || answer.status() == 404) {
            lines.remove(line);
        }
    }

    private void placeHold() throws InterruptedException {
        String holdId = newId();
        seenHolds.add(holdId);
        String first = randomSku();
        String second = random.nextBoolean() ? randomSku() : first;
        List<Line> held = new ArrayList<>();
        for (String sku : first.equals(second) ? List.of(first) : List.of(first, second)) {
            held.add(new Line(holdId + "-order", sku, 1 + random.nextInt(2)));
        }
        boolean leftToExpire = random.nextInt(10) == 0;
        String body = "{\"holdid\":\"" + holdId + "\",\"lines\":["
                + String.join(",", held.stream().map(l -> "{\"sku\":\"" + l.sku() + "\",\"qty\":" + l.qty() + "}").toList())
                + "],\"ttl_seconds\":" + (leftToExpire ? SHORT_TTL_SECONDS : TTL_SECONDS) + "}";
        FailoverClient.Answer answer = client.send("POST", "/holds", body);
        record("place_hold", holdId, String.join(",", held.stream().map(l -> l.sku() + ":" + l.qty()).toList()),
                held.stream().mapToInt(Line::qty).sum(), answer, expiresAt(answer));
        if (!leftToExpire && (answer.status() == 201 || answer.status() == 0 || answer.status() == 503)) {
            holds.add(new Hold(holdId, held));
        }
    }

    private void actOnHold(String kind) throws InterruptedException {
        if (holds.isEmpty()) {
            placeHold();
            return;
        }
        Hold hold = holds.get(random.nextInt(holds.size()));
        String path = "/holds/" + hold.holdId();
        FailoverClient.Answer answer = switch (kind) {
            case "extend_hold" -> client.send("POST", path + "/extend", "{\"ttl_seconds\":" + TTL_SECONDS + "}");
            case "release_hold" -> client.send("DELETE", path, null);
            default -> client.send("POST", path + "/confirm", "{\"orderid\":\"" + hold.holdId() + "-order\"}");
        };
        record(kind, hold.holdId(), null, 0, answer, expiresAt(answer));
        if (answer.status() == 202) {
            lines.addAll(hold.lines());
            seenOrders.add(hold.holdId() + "-order");
        }
        boolean ended = answer.status() == 202 || answer.status() == 204 || answer.status() == 404 || answer.status() == 409;
        if (ended) {
            holds.remove(hold);
        }
    }

    private void addBatch() throws InterruptedException {
        String ref = newId();
        String sku = randomSku();
        int qty = 50 + random.nextInt(150);
        String eta = random.nextBoolean() ? null : "2027-0" + (1 + random.nextInt(9)) + "-15";
        FailoverClient.Answer answer = client.send("POST", "/add_batch", "{\"ref\":\"" + ref + "\",\"sku\":\"" + sku + "\",\"qty\":"
                + qty + ",\"eta\":" + (eta == null ? "null" : "\"" + eta + "\"") + "}");
        record("add_batch", ref, sku, qty, answer, eta);
        if (answer.status() == 201) {
            batches.put(ref, new OwnBatch(sku, qty));
        }
    }

    private void changeQuantity(String kind) throws InterruptedException {
        if (batches.isEmpty()) {
            addBatch();
            return;
        }
        List<String> refs = new ArrayList<>(batches.keySet());
        String ref = refs.get(random.nextInt(refs.size()));
        OwnBatch batch = batches.get(ref);
        int step = 1 + random.nextInt(20);
        int qty = kind.equals("raise") ? batch.purchased() + step : Math.max(0, batch.purchased() - step);
        FailoverClient.Answer answer = client.send("POST", "/change_batch_quantity", "{\"ref\":\"" + ref + "\",\"qty\":" + qty + "}");
        record(kind, ref, batch.sku(), qty, answer, null);
        if (answer.status() == 202) {
            batches.put(ref, new OwnBatch(batch.sku(), qty));
        }
    }

    private void read() throws InterruptedException {
        int which = random.nextInt(3);
        String path = which == 0 && !seenOrders.isEmpty() ? "/orders/" + seenOrders.get(random.nextInt(seenOrders.size()))
                : which == 1 && !seenHolds.isEmpty() ? "/holds/" + seenHolds.get(random.nextInt(seenHolds.size()))
                : "/products/" + randomSku();
        FailoverClient.Answer answer = client.send("GET", path, null);
        record("read", path, null, 0, answer, null);
    }

    /** The hold's expiry from a successful answer that carries the hold, else null. */
    private static String expiresAt(FailoverClient.Answer answer) {
        if (answer.status() != 200 && answer.status() != 201) {
            return null;
        }
        try {
            return JSON.readTree(answer.body()).path("expires_at").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** Records the request; an answer other than 2xx keeps its body (or the exception) as the detail instead. */
    private void record(String kind, String target, String sku, int qty, FailoverClient.Answer answer, String detail) {
        boolean ok = answer.status() >= 200 && answer.status() < 300;
        journal.record(new Journal.Op(kind, target, sku, qty, answer.status(), answer.startNanos(), answer.endNanos(),
                answer.startMillis(), ok ? detail : answer.body()));
    }
}
