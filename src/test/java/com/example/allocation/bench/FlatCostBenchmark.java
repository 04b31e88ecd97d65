package com.example.allocation.bench;

import com.example.allocation.Bootstrap;
import com.example.allocation.TestDatabases;
import com.example.allocation.adapters.persistence.Database;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.servicelayer.writes.DirectBus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Does allocating cost the same however many lines a product already has? Allocates, through the real bus
 * and database, into a product holding {@value #FEW} lines and one holding {@value #MANY}, alternating in
 * blocks so that both see the same machine, and reports the ratio of their mean costs. A ratio near 1.0
 * means the cost is flat. Every handler of the service runs, the order history's among them, over a history as
 * long as the lines.
 *
 * <p>Run: {@code mvn -q test-compile exec:java@flat-cost} (embedded PostgreSQL and H2), or with
 * {@code ALLOCATION_TEST_POSTGRES_URL} set to use an existing PostgreSQL server. The outbox relay is not
 * run: it works outside the command's transaction, which is what is measured here.
 */
public final class FlatCostBenchmark {

    private static final int FEW = 10;
    private static final int MANY = 100_000;
    private static final int WARMUP_ROUNDS = 5;
    private static final int ROUNDS = 20;
    private static final int PER_BLOCK = 100;

    private FlatCostBenchmark() {
    }

    public static void main(String[] args) {
        List<TestDatabases.Kind> kinds = args.length == 0
                ? List.of(TestDatabases.Kind.values())
                : Arrays.stream(args).map(arg -> TestDatabases.Kind.valueOf(arg.toUpperCase())).toList();
        for (TestDatabases.Kind kind : kinds) {
            try (Database database = TestDatabases.fresh(kind)) {
                run(database);
            }
        }
        System.exit(0);
    }

    private static void run(Database database) {
        DirectBus bus = Bootstrap.bus(database.unitsOfWork(), Bootstrap.Settings.DEFAULT, () -> { });
        bus.handle(new CreateBatch("few-batch", "FEW-LINES", Integer.MAX_VALUE / 2, null));
        bus.handle(new CreateBatch("many-batch", "MANY-LINES", Integer.MAX_VALUE / 2, null));
        database.jdbi().useTransaction(handle -> {
            seedLines(handle, "FEW-LINES", "few-batch", FEW);
            seedLines(handle, "MANY-LINES", "many-batch", MANY);
        });

        int[] next = {0};
        List<Double> few = new ArrayList<>();
        List<Double> many = new ArrayList<>();
        for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
            double fewMicros = block(bus, "FEW-LINES", next);
            double manyMicros = block(bus, "MANY-LINES", next);
            if (round >= WARMUP_ROUNDS) {
                few.add(fewMicros);
                many.add(manyMicros);
            }
        }
        double fewMean = few.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double manyMean = many.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf("%s: allocation into a product with %,d lines: %.0f µs; with %,d lines: %.0f µs; ratio %.2f"
                        + " (%d rounds of %d each, alternating, after %d warm-up rounds)%n",
                database.description(), FEW, fewMean, MANY, manyMean, manyMean / fewMean, ROUNDS, PER_BLOCK, WARMUP_ROUNDS);
    }

    /** Mean microseconds per allocation over one block of new lines into the product. */
    private static double block(DirectBus bus, String sku, int[] next) {
        long start = System.nanoTime();
        for (int i = 0; i < PER_BLOCK; i++) {
            bus.handle(new Allocate("bench-" + next[0]++, sku, 1));
        }
        return (System.nanoTime() - start) / 1_000.0 / PER_BLOCK;
    }

    /**
     * Gives the product {@code count} allocated lines, as if that many allocations had happened: the
     * lines, the batch's running total and the product's sequence agree, as the aggregate keeps them, and each
     * line's allocation is in its order's history, as the history handler writes it.
     */
    private static void seedLines(Handle handle, String sku, String batch, int count) {
        PreparedBatch insert = handle.prepareBatch("""
                INSERT INTO order_lines (sku, orderid, qty, batchref, line_sequence)
                VALUES (:sku, :orderid, 1, :batchref, :sequence)""");
        PreparedBatch history = handle.prepareBatch("""
                INSERT INTO order_history (orderid, sku, qty, type, batchref, cause, recorded_at)
                VALUES (:orderid, :sku, 1, 'Allocated', :batchref, 'order line placed', CURRENT_TIMESTAMP)""");
        for (int i = 1; i <= count; i++) {
            insert.bind("sku", sku).bind("orderid", "seed-" + i).bind("batchref", batch).bind("sequence", (long) i).add();
            history.bind("sku", sku).bind("orderid", "seed-" + i).bind("batchref", batch).add();
            if (i % 10_000 == 0) {
                insert.execute();
                history.execute();
            }
        }
        if (insert.size() > 0) {
            insert.execute();
            history.execute();
        }
        handle.createUpdate("UPDATE batches SET allocated = :count WHERE reference = :batch")
                .bind("count", count).bind("batch", batch).execute();
        handle.createUpdate("UPDATE products SET last_sequence = :count, version = version + 1 WHERE sku = :sku")
                .bind("count", (long) count).bind("sku", sku).execute();
    }
}
