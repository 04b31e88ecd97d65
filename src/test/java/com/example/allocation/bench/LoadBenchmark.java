package com.example.allocation.bench;

import com.example.allocation.TestKafka;
import com.example.allocation.adapters.persistence.Database;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.example.allocation.entrypoints.cli.DevTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The throughput benchmark (docs/spec.md §6, docs/performance.md): the service, run as {@code java -jar
 * target/allocation.jar} on the machine's PostgreSQL with Redis publishing on, driven over HTTP with unique order
 * lines; and, in the same run, pgbench running the service's own statements on the same server: the ceilings, one
 * allocation per transaction and sixteen (with the statements of before issue 26, and with today's). Runs: spread
 * (100 SKUs), hot (one SKU), two-spread and two-hot (two instances of the service on one database, the connections
 * split between them), growth (spread after 1,000,000
 * lines), holds (spread, each line a checkout: a hold placed, then confirmed — two requests), and the embedded default
 * (H2, no Redis); on demand, secured (spread with authentication on: every request
 * carries an ES256 access token the service verifies), kafka, and baseline: spread with another build of the
 * service ({@code BENCH_BASELINE_JAR}) or other JVM options ({@code BENCH_BASELINE_JAVA_OPTS}), to compare two
 * versions of the code, or of its options, side by side in one run.
 *
 * <p>Every service run starts a new JVM and loads it from its first request: it reports the throughput of each
 * 5 s window (the warm-up curve), the cold figure (the first {@code BENCH_WARMUP_SECONDS}), the warm figure (the
 * {@code BENCH_SECONDS} after them, with latencies and the service processes' CPU time per allocation from /proc),
 * and when a window first reached 80 % of warm. Then it checks that no batch is over-allocated and that every line
 * acknowledged with 202 is stored.
 *
 * <p>Run: {@code bench/run.sh}. Settings by environment: {@code BENCH_PG} (admin JDBC URL of the server),
 * {@code BENCH_REDIS}, {@code BENCH_CONNECTIONS} (16), {@code BENCH_SECONDS} (30), {@code BENCH_WARMUP_SECONDS} (30),
 * {@code BENCH_SCENARIOS} (default: {@value #SCENARIOS}), {@code BENCH_JAVA_OPTS}, {@code BENCH_JAVA_HOME} (the JDK that runs
 * the service; default: the benchmark's own), {@code BENCH_BASELINE_JAR}, {@code BENCH_BASELINE_JAVA_OPTS} and
 * {@code BENCH_BASELINE_JAVA_HOME} (defaults: the service's); and
 * {@code SERVICE_X=value} passes {@code X=value} to the service, e.g. {@code SERVICE_COMMAND_LANES=2}.
 */
public final class LoadBenchmark {

    static final String SCENARIOS = "spread,ceiling,ceiling16,ceiling16sets,spread,hot,holds,two-spread,two-hot,growth,spread,growth,embedded";
    private static final int SKUS = 100;
    private static final int BATCH_SIZE = 1_000_000_000;
    private static final Pattern BACKLOG = Pattern.compile("\"outbox_backlog\":(\\d+)");
    /** A pgbench variable of the ceiling's script, but for pgbench's own :client_id. */
    private static final Pattern PGBENCH_VARIABLE = Pattern.compile(":(?!client_id\\b)([A-Za-z_]\\w*)");
    /** In a ceiling's statement, a value to repeat for each allocation of the transaction: {@code ARRAY[<expression>]}. */
    private static final Pattern EACH = Pattern.compile("ARRAY\\[<(.*?)>\\]");
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private final String adminUrl = env("BENCH_PG", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    private final String redisUrl = env("BENCH_REDIS", "redis://127.0.0.1:6379");
    private final int connections = Integer.parseInt(env("BENCH_CONNECTIONS", "16"));
    private final Duration measure = Duration.ofSeconds(Long.parseLong(env("BENCH_SECONDS", "30")));
    private final Duration warmup = Duration.ofSeconds(Long.parseLong(env("BENCH_WARMUP_SECONDS", "30")));
    private final List<String> javaOpts = List.of(env("BENCH_JAVA_OPTS", "").split(" ")).stream().filter(s -> !s.isBlank()).toList();
    private final Path jar = Path.of("target", "allocation.jar").toAbsolutePath();
    private final String serviceJavaHome = env("BENCH_JAVA_HOME", System.getProperty("java.home"));
    private final String baselineJavaHome = env("BENCH_BASELINE_JAVA_HOME", serviceJavaHome);
    private final String baselineJar = System.getenv("BENCH_BASELINE_JAR");
    private final List<String> baselineJavaOpts = System.getenv("BENCH_BASELINE_JAVA_OPTS") == null ? javaOpts
            : List.of(System.getenv("BENCH_BASELINE_JAVA_OPTS").split(" ")).stream().filter(s -> !s.isBlank()).toList();
    private final Path work = Path.of("target", "benchmark").toAbsolutePath();
    private final Map<String, List<Double>> runs = new LinkedHashMap<>();
    /** The service process's CPU time (user and system, all threads) over the measured window, per allocation, in µs. */
    private final Map<String, List<Double>> cpuPerAllocation = new LinkedHashMap<>();
    /** PostgreSQL's CPU time (every postgres process, {@link PostgresCpu}) over the same window, per allocation, in µs. */
    private final Map<String, List<Double>> postgresCpuPerAllocation = new LinkedHashMap<>();
    /** Allocations per second in the first BENCH_WARMUP_SECONDS of each run, from its first request. */
    private final Map<String, List<Double>> cold = new LinkedHashMap<>();
    /** Seconds from the first request until a 5 s window first reached 80 % of the run's warm throughput. */
    private final Map<String, List<Double>> secondsToEighty = new LinkedHashMap<>();
    /** The same from {@code java -jar}: the start-up (until every instance answered its health check) included. */
    private final Map<String, List<Double>> secondsFromLaunchToEighty = new LinkedHashMap<>();
    private Double ceiling;
    private Double batchedCeiling;
    private Double setBasedCeiling;
    private TestKafka kafka;
    private int databases;

    public static void main(String[] args) throws Exception {
        new LoadBenchmark().run(List.of(env("BENCH_SCENARIOS", SCENARIOS).split(",")));
        System.exit(0);
    }

    private void run(List<String> scenarios) throws Exception {
        Files.createDirectories(work);
        System.out.printf("Benchmark %s: %d connections, %ds measured after %ds warm-up, service on %s %s, %d cores%n",
                LocalDate.now(), connections, measure.toSeconds(), warmup.toSeconds(), serviceJavaHome, javaOpts,
                Runtime.getRuntime().availableProcessors());
        if (scenarios.contains("baseline")) {
            System.out.printf("Baseline: %s on %s %s%n", baseline(), baselineJavaHome, baselineJavaOpts);
        }
        List<Double> spread = new ArrayList<>();
        for (String name : scenarios) {
            String scenario = name.trim();
            switch (scenario) {
                case "spread" -> spread.add(service("spread", false, 0, 1).perSecond());
                case "secured", "kafka", "baseline", "hot", "holds" -> runs(scenario).add(service(scenario, false, 0, 1).perSecond());
                case "two-spread", "two-hot" -> runs(scenario).add(service(scenario, false, 0, 2).perSecond());
                case "growth" -> runs("growth").add(service("growth", false, 1_000_000, 1).perSecond());
                case "embedded" -> runs("embedded").add(service("embedded", true, 0, 1).perSecond());
                case "ceiling" -> ceiling = ceiling(1, "/bench/allocation-ceiling.sql");
                case "ceiling16" -> batchedCeiling = ceiling(16, "/bench/allocation-ceiling-batched.sql");
                case "ceiling16sets" -> setBasedCeiling = ceiling(16, "/bench/allocation-ceiling-set-based.sql");
                default -> throw new IllegalArgumentException("Unknown scenario " + scenario);
            }
        }
        report(spread);
    }

    /**
     * One run of the service: a fresh database, the jar started ({@code instances} of it, side by side on the
     * same database, the load's connections split between them), seeded, loaded, checked, stopped.
     */
    private HttpLoad.Result service(String scenario, boolean embedded, int existingLines, int instances) throws Exception {
        String database = embedded ? null : freshDatabase();
        Path dir = Files.createDirectories(work.resolve(scenario + "-" + System.nanoTime()));
        Map<String, String> tokens = Map.of();
        if ("secured".equals(scenario)) {
            DevTokens.keys(dir.resolve("keys"));
            tokens = Map.of("stock", DevTokens.token(dir.resolve("keys"), "bench-warehouse", "allocation:stock"),
                    "orders", DevTokens.token(dir.resolve("keys"), "bench-shop", "allocation:orders"));
        }
        String eventsTopic = "bench.events." + System.nanoTime();
        List<Instance> started = new ArrayList<>();
        HttpLoad.Result result;
        double cpu;
        double jit;
        double postgresCpu;
        double startSeconds;
        try {
            long launched = System.nanoTime();
            for (int i = 0; i < instances; i++) {
                started.add(start(scenario, dir.resolve("instance-" + i), database, eventsTopic));
            }
            for (Instance instance : started) {
                awaitHealthy(instance.port());
            }
            startSeconds = (System.nanoTime() - launched) / 1e9;
            seed(started.get(0).port(), tokens.get("stock"));
            if (existingLines > 0) {
                addLines(database, existingLines);
            }
            String runId = scenario + "-" + Long.toString(System.nanoTime(), 36);
            KafkaProbe probe = "kafka".equals(scenario) ? new KafkaProbe(kafka().bootstrapServers(), eventsTopic) : null;
            long windowStart = System.currentTimeMillis() + warmup.toMillis();
            CompletableFuture<List<Cpu>> cpuAtStart = CompletableFuture.supplyAsync(
                    () -> started.stream().map(instance -> Cpu.of(instance.process().pid())).toList(),
                    CompletableFuture.delayedExecutor(warmup.toMillis(), TimeUnit.MILLISECONDS));
            CompletableFuture<Long> postgresAtStart = CompletableFuture.supplyAsync(PostgresCpu::ticks,
                    CompletableFuture.delayedExecutor(warmup.toMillis(), TimeUnit.MILLISECONDS));
            List<CompletableFuture<HttpLoad.Result>> loads = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                int port = started.get(i).port();
                String loadId = runId + "-" + i;
                String orders = tokens.get("orders");
                int share = connections / instances + (i < connections % instances ? 1 : 0);
                loads.add(CompletableFuture.supplyAsync(() -> load(port, orders, share, loadId, scenario)));
            }
            result = HttpLoad.Result.combined(loads.stream().map(CompletableFuture::join).toList());
            long postgresTicks = embedded ? 0 : PostgresCpu.ticks() - postgresAtStart.join();
            List<Cpu> before = cpuAtStart.join();
            long cpuTicks = 0;
            long jitTicks = 0;
            for (int i = 0; i < instances; i++) {
                Cpu used = Cpu.of(started.get(i).process().pid()).since(before.get(i));
                cpuTicks += used.total();
                jitTicks += used.jit();
            }
            double allocations = result.perSecond() * measure.toSeconds();
            cpu = cpuTicks * 1e6 / CLOCK_TICKS_PER_SECOND / allocations;
            jit = jitTicks * 1e6 / CLOCK_TICKS_PER_SECOND / allocations;
            postgresCpu = postgresTicks * 1e6 / CLOCK_TICKS_PER_SECOND / allocations;
            if (probe != null) {
                Thread.sleep(2_000);
                probe.close();
                System.out.printf("kafka     %s%n", probe.report(windowStart, windowStart + measure.toMillis()));
                System.out.printf("kafka     %s%n", drain(started.get(0).port(), runId));
            }
        } finally {
            for (Instance instance : started) {
                instance.process().destroy();
            }
            for (Instance instance : started) {
                instance.process().waitFor(60, TimeUnit.SECONDS);
            }
        }
        String checkUrl = embedded ? "jdbc:h2:file:" + dir.resolve("instance-0/data/allocation") + ";USER=sa" : jdbcUrl(database);
        String checks = check(checkUrl, result.acknowledged());
        double toEighty = result.secondsToReach(0.8, result.perSecond());
        System.out.printf("%-10s %7.0f allocations/s warm (%4.0f/s cold)  p50 %6.2f ms  p99 %6.2f ms  cpu %4.0f µs/allocation (JIT %3.0f, "
                        + "PostgreSQL %s)  errors %d  (%d requests) — %s%n",
                scenario, result.perSecond(), result.coldPerSecond(warmup), result.p50Millis(), result.p99Millis(), cpu, jit,
                embedded ? "-" : String.format("%.0f", postgresCpu), result.errors(), result.requests(), checks);
        System.out.printf("%-10s started in %.1f s; per %d s from the first request: %s /s; 80%% of warm after %s%n", "", startSeconds,
                HttpLoad.WINDOW.toSeconds(), rounded(Arrays.stream(result.curve()).boxed().toList()),
                Double.isNaN(toEighty) ? "never" : String.format("%.0f s", toEighty));
        cpuPerAllocation.computeIfAbsent(scenario, key -> new ArrayList<>()).add(cpu);
        cpuPerAllocation.computeIfAbsent(scenario + " without JIT", key -> new ArrayList<>()).add(cpu - jit);
        if (!embedded) {
            postgresCpuPerAllocation.computeIfAbsent(scenario, key -> new ArrayList<>()).add(postgresCpu);
        }
        cold.computeIfAbsent(scenario, key -> new ArrayList<>()).add(result.coldPerSecond(warmup));
        secondsToEighty.computeIfAbsent(scenario, key -> new ArrayList<>()).add(toEighty);
        secondsFromLaunchToEighty.computeIfAbsent(scenario, key -> new ArrayList<>()).add(startSeconds + toEighty);
        if (database != null) {
            dropDatabase(database);
        }
        return result;
    }

    private HttpLoad.Result load(int port, String token, int share, String loadId, String scenario) {
        try {
            return HttpLoad.run(port, token, share, warmup, measure, loadId,
                    scenario.endsWith("hot") ? i -> "SKU-1" : i -> "SKU-" + (1 + ThreadLocalRandom.current().nextInt(SKUS)),
                    "holds".equals(scenario));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Instance(Process process, int port) {
    }

    /** The jar started as its own process in {@code dir}, on {@code database} (or its embedded default when null). */
    private Instance start(String scenario, Path dir, String database, String eventsTopic) throws IOException {
        Files.createDirectories(dir);
        int port = freePort();
        String javaHome = "baseline".equals(scenario) ? baselineJavaHome : serviceJavaHome;
        List<String> command = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString()));
        command.addAll("baseline".equals(scenario) ? baselineJavaOpts : javaOpts);
        command.addAll(List.of("-jar", "baseline".equals(scenario) ? baseline().toString() : jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("SHUTDOWN_DELAY_MS", "0"); // no load balancer to wait for
        if ("secured".equals(scenario)) {
            Path keys = dir.getParent().resolve("keys");
            builder.environment().put("AUTH_PUBLIC_KEY_FILE", keys.resolve("issuer.pem").toString());
            builder.environment().put("AUTH_ISSUER", DevTokens.ISSUER);
            builder.environment().put("AUTH_AUDIENCE", DevTokens.AUDIENCE);
        }
        if ("kafka".equals(scenario)) {
            builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka().bootstrapServers());
            builder.environment().put("KAFKA_EVENTS_TOPIC", eventsTopic);
        }
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("SERVICE_")) {
                builder.environment().put(name.substring("SERVICE_".length()), value);
            }
        });
        if (database != null) {
            builder.environment().put("DATABASE_URL", jdbcUrl(database));
            builder.environment().put("REDIS_URL", redisUrl);
        }
        return new Instance(builder.start(), port);
    }

    /** The other build of the service that the baseline scenario runs: BENCH_BASELINE_JAR, or the same one. */
    private Path baseline() {
        if (baselineJar == null) {
            return jar;
        }
        if (!Files.isRegularFile(Path.of(baselineJar))) {
            throw new IllegalArgumentException("The baseline scenario runs the jar named by BENCH_BASELINE_JAR; got " + baselineJar);
        }
        return Path.of(baselineJar).toAbsolutePath();
    }

    /** The benchmark's own broker, started on first use (TestKafka: a child JVM from the Kafka jars). */
    private TestKafka kafka() {
        if (kafka == null) {
            kafka = new TestKafka();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        }
        return kafka;
    }

    /**
     * The relay's capacity: the broker stopped while 10 s of load piles events up in the outbox, then started
     * again with no load; the backlog divided by the time it took to deliver, from its first delivery.
     */
    private String drain(int port, String runId) throws Exception {
        kafka().stop();
        HttpLoad.run(port, null, connections, Duration.ZERO, Duration.ofSeconds(10), runId + "-drain",
                i -> "SKU-" + (1 + ThreadLocalRandom.current().nextInt(SKUS)), false);
        long backlog = backlog(port);
        kafka().start();
        long firstDelivery = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long left = backlog;
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = backlog(port);
            if (firstDelivery == 0 && left < backlog) {
                firstDelivery = System.nanoTime();
            }
        }
        if (left > 0) {
            return "relay: " + left + " of " + backlog + " events still undelivered after 3 minutes";
        }
        double seconds = (System.nanoTime() - firstDelivery) / 1e9;
        return String.format("relay drained a backlog of %d events in %.1f s: %.0f events/s", backlog, seconds, backlog / seconds);
    }

    private static long backlog(int port) throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher backlog = BACKLOG.matcher(health.body());
        if (!backlog.find()) {
            throw new IllegalStateException("No outbox_backlog in " + health.body());
        }
        return Long.parseLong(backlog.group(1));
    }

    private static void awaitHealthy(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The service did not become healthy on port " + port);
    }

    /** SKU-1 … SKU-100, each with one warehouse batch big enough never to run out. */
    private static void seed(int port, String token) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 1; i <= SKUS; i++) {
            String body = "{\"ref\":\"batch-" + i + "\",\"sku\":\"SKU-" + i + "\",\"qty\":" + BATCH_SIZE + ",\"eta\":null}";
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/add_batch"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 201) {
                throw new IllegalStateException("Seeding batch " + i + " failed with " + status);
            }
        }
    }

    /** Gives the products {@code count} allocated lines between them, as that many allocations would have. */
    private void addLines(String database, int count) throws SQLException {
        int perSku = count / SKUS;
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database)); Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO order_lines (sku, orderid, qty, batchref, line_sequence) "
                    + "SELECT 'SKU-' || (i % " + SKUS + " + 1), 'seed-' || i, 1, 'batch-' || (i % " + SKUS + " + 1), i / " + SKUS + " + 1 "
                    + "FROM generate_series(0, " + (count - 1) + ") i");
            sql.execute("INSERT INTO allocations_view (orderid, sku, batchref) SELECT orderid, sku, batchref FROM order_lines");
            sql.execute("UPDATE batches SET allocated = allocated + " + perSku);
            sql.execute("UPDATE products SET last_sequence = last_sequence + " + perSku + ", version = version + 1");
            // Only the tables loaded here: analysing the outbox while it is empty leaves PostgreSQL sure it is empty,
            // and the relay's prepared UPDATE … WHERE id = ? is then planned, and kept, as a scan of a table that
            // grows by a row per allocation, until autovacuum analyses it again (docs/performance.md).
            sql.execute("VACUUM ANALYZE order_lines, allocations_view, batches, products");
            // Let the bulk load's checkpoint finish now, not during the measurement.
            sql.execute("CHECKPOINT");
        }
    }

    /** No batch holds more than it has, each batch's total matches its lines, and every 202 is stored. */
    private static String check(String jdbcUrl, List<String> acknowledged) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement sql = connection.createStatement()) {
            long overAllocated = count(sql, "SELECT COUNT(*) FROM batches WHERE allocated > purchased");
            long mismatched = count(sql, "SELECT COUNT(*) FROM batches b WHERE b.allocated <> "
                    + "(SELECT COALESCE(SUM(l.qty), 0) FROM order_lines l WHERE l.batchref = b.reference)");
            Set<String> stored = new HashSet<>();
            try (ResultSet rows = sql.executeQuery("SELECT orderid FROM order_lines WHERE orderid NOT LIKE 'seed-%'")) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
            long missing = acknowledged.stream().filter(orderId -> !stored.contains(orderId)).count();
            if (overAllocated + mismatched + missing > 0) {
                throw new IllegalStateException("Check failed: " + overAllocated + " over-allocated batches, " + mismatched
                        + " batches whose total disagrees with their lines, " + missing + " acknowledged lines missing");
            }
            return "checked: no batch over-allocated, all " + acknowledged.size() + " acknowledged lines stored";
        }
    }

    /**
     * pgbench running the service's statements ({@code template}) for {@code perTransaction} allocations per
     * transaction, on the same server: 1 is the ceiling of a service that commits each allocation alone; 16, the limit
     * of any group-commit design on this database, with the statements the service sent before issue 26 (ceiling16) or
     * those it sends now, three of them over arrays (ceiling16sets). The allocations of one transaction take ascending
     * SKUs, as a lock order.
     */
    private double ceiling(int perTransaction, String template) throws Exception {
        String database = freshDatabase();
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database)); Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO products (sku, version, last_sequence) SELECT 'SKU-' || i, 1, 0 FROM generate_series(1, " + SKUS + ") i");
            sql.execute("INSERT INTO batches (reference, sku, purchased, allocated, eta) "
                    + "SELECT 'batch-' || i, 'SKU-' || i, " + BATCH_SIZE + ", 0, NULL FROM generate_series(1, " + SKUS + ") i");
        }
        List<String> statements;
        try (var in = LoadBenchmark.class.getResourceAsStream(template)) {
            statements = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("--")).toList();
        }
        List<String> reads = statements.stream().filter(line -> line.startsWith("SELECT")).toList();
        List<String> writes = statements.stream().filter(line -> !line.startsWith("SELECT")).toList();
        StringBuilder transaction = new StringBuilder("BEGIN;\n");
        int skusEach = SKUS / perTransaction;
        for (int k = 0; k < perTransaction; k++) {
            transaction.append(String.format("\\set a%d_n random(%d, %d)%n\\set a%d_line random(1, 2000000000)%n",
                    k, k * skusEach + 1, (k + 1) * skusEach, k));
        }
        if (perTransaction == 1) {
            reads.forEach(read -> transaction.append(allocationNumbered(read, 0)).append('\n'));
            writes.forEach(write -> transaction.append(allocationNumbered(write, 0)).append('\n'));
        } else {
            // Each read once for the whole batch, its arms joined; the writes pipelined, as JDBC batches go.
            for (String read : reads) {
                List<String> arms = new ArrayList<>();
                for (int k = 0; k < perTransaction; k++) {
                    arms.add(allocationNumbered(read, k));
                }
                transaction.append(String.join(" UNION ALL ", arms)).append(";\n");
            }
            transaction.append("\\startpipeline\n");
            for (String write : writes) {
                if (EACH.matcher(write).find()) {
                    // One statement for the whole batch, over arrays of the allocations' values.
                    transaction.append(EACH.matcher(write).replaceAll(each -> Matcher.quoteReplacement("ARRAY[" + String.join(", ",
                            java.util.stream.IntStream.range(0, perTransaction).mapToObj(k -> allocationNumbered(each.group(1), k)).toList()) + "]")))
                            .append('\n');
                    continue;
                }
                for (int k = 0; k < perTransaction; k++) {
                    transaction.append(allocationNumbered(write, k)).append('\n');
                }
            }
            transaction.append("\\endpipeline\n");
        }
        Path script = work.resolve(Path.of(template).getFileName().toString());
        Files.writeString(script, transaction.append("COMMIT;\n"));
        URI admin = URI.create(adminUrl.substring(5));
        String user = admin.getQuery() != null && admin.getQuery().startsWith("user=") ? admin.getQuery().substring(5).split("&")[0] : "postgres";
        List<String> command = List.of("pgbench", "-h", admin.getHost(), "-p", String.valueOf(admin.getPort() == -1 ? 5432 : admin.getPort()),
                "-U", user, "-n", "-M", "prepared", "-c", String.valueOf(connections), "-j", "2",
                "-T", String.valueOf(warmup.toSeconds() + measure.toSeconds()), "-f", script.toString(), database);
        long postgresBefore = PostgresCpu.ticks();
        Process pgbench = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(pgbench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        pgbench.waitFor();
        long postgresTicks = PostgresCpu.ticks() - postgresBefore;
        Matcher tps = TPS.matcher(output);
        if (!tps.find() || output.contains("aborted")) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        double perSecond = Double.parseDouble(tps.group(1)) * perTransaction;
        double postgresCpu = postgresTicks * 1e6 / CLOCK_TICKS_PER_SECOND / (perSecond * (warmup.toSeconds() + measure.toSeconds()));
        String name = perTransaction == 1 ? "ceiling" : template.contains("set-based") ? "ceiling16sets" : "ceiling" + perTransaction;
        System.out.printf("%-13s %7.0f allocations/s  PostgreSQL cpu %4.0f µs/allocation  (pgbench, the service's statements, %s)%n", name,
                perSecond, postgresCpu, perTransaction == 1 ? "one transaction per allocation" : perTransaction + " allocations per transaction"
                        + (template.contains("set-based") ? ", three of them over arrays" : ""));
        postgresCpuPerAllocation.computeIfAbsent(name, key -> new ArrayList<>()).add(postgresCpu);
        dropDatabase(database);
        return perSecond;
    }

    /** A statement of the ceiling's script with its variables made the k-th allocation's own: :n becomes :a3_n. */
    private static String allocationNumbered(String statement, int k) {
        return PGBENCH_VARIABLE.matcher(statement).replaceAll(":a" + k + "_$1").replace("\\gset", "\\gset a" + k + "_");
    }

    private void report(List<Double> spread) {
        System.out.println();
        double spreadMean = mean(spread);
        if (!spread.isEmpty()) {
            runs.put("spread", spread);
        }
        if (ceiling != null && !spread.isEmpty()) {
            System.out.printf("spread / ceiling    = %.2f  (spread %s, ceiling %.0f: one transaction per allocation)%n",
                    spreadMean / ceiling, rounded(spread), ceiling);
        }
        if (batchedCeiling != null && !spread.isEmpty()) {
            System.out.printf("spread / ceiling16  = %.2f  (spread %s, ceiling16 %.0f: 16 allocations per transaction)%n",
                    spreadMean / batchedCeiling, rounded(spread), batchedCeiling);
        }
        if (setBasedCeiling != null && !spread.isEmpty()) {
            System.out.printf("spread / ceiling16sets = %.2f  (spread %s, ceiling16sets %.0f: the same, three writes over arrays)%n",
                    spreadMean / setBasedCeiling, rounded(spread), setBasedCeiling);
        }
        runs.forEach((name, perSecond) -> {
            String against = name.equals("two-hot") ? "hot" : "spread";
            if (!name.equals("spread") && runs.containsKey(against)) {
                System.out.printf("%-10s / %-6s = %.2f  (%s %s, %s mean %.0f)%n", name, against, mean(perSecond) / mean(runs.get(against)),
                        name, rounded(perSecond), against, mean(runs.get(against)));
            }
        });
        cold.forEach((name, perSecond) -> System.out.printf(
                "cold %-10s = %.0f/s over the first %d s, %.2f of warm; 80%% of warm after %s s (%s s from java -jar)%n",
                name, mean(perSecond), warmup.toSeconds(), mean(perSecond) / mean(runs.get(name)), rounded(secondsToEighty.get(name)),
                rounded(secondsFromLaunchToEighty.get(name))));
        cpuPerAllocation.forEach((name, micros) -> System.out.printf("cpu %-10s = %.0f µs/allocation  (%s)%n", name, mean(micros), rounded(micros)));
        postgresCpuPerAllocation.forEach((name, micros) -> System.out.printf("postgres cpu %-10s = %.0f µs/allocation  (%s)%n",
                name, mean(micros), rounded(micros)));
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** /proc's unit of CPU time (USER_HZ): 100 on every Linux this runs on ({@code getconf CLK_TCK}). */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    /**
     * The CPU time a process has used so far, user and system, in clock ticks (/proc/PID/stat), and how much of it
     * its JIT compiler threads used (/proc/PID/task/TID/stat of the threads named C1 or C2 CompilerThread): the
     * warm-up's share. A compiler thread the JVM retires within the window takes its share with it, so the JIT's
     * figure is a floor.
     */
    private record Cpu(long total, Map<Long, Long> compilerThreads) {

        static Cpu of(long pid) {
            Path proc = Path.of("/proc", String.valueOf(pid));
            Map<Long, Long> compilers = new HashMap<>();
            try (var tasks = Files.list(proc.resolve("task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                            compilers.put(Long.parseLong(task.getFileName().toString()), ticks(task.resolve("stat")));
                        }
                    } catch (IOException gone) {
                        // the thread ended while we looked
                    }
                }
                return new Cpu(ticks(proc.resolve("stat")), compilers);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the CPU time of process " + pid + " (Linux only)", e);
            }
        }

        /** What was used between {@code earlier} and this. */
        Cpu since(Cpu earlier) {
            Map<Long, Long> compilers = new HashMap<>();
            compilerThreads.forEach((tid, ticks) -> compilers.put(tid, ticks - earlier.compilerThreads.getOrDefault(tid, 0L)));
            return new Cpu(total - earlier.total, compilers);
        }

        long jit() {
            return compilerThreads.values().stream().mapToLong(Long::longValue).sum();
        }

        private static long ticks(Path stat) throws IOException {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15 of stat
        }
    }

    /**
     * The CPU time, in clock ticks, of the machine's PostgreSQL processes (named {@code postgres}): each one's own
     * (/proc/PID/stat), and, for each whose parent is not one of them (a postmaster), its ended children's, which it
     * collects as they exit (cutime, cstime) — so a backend that ends within the window still counts. The database
     * shares the cores with the service: its work per allocation is the service's cost too.
     */
    private static final class PostgresCpu {

        static long ticks() {
            Map<Long, long[]> postgres = new HashMap<>();
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String line = Files.readString(process.resolve("stat"));
                        if (!line.substring(line.indexOf('(') + 1, line.lastIndexOf(')')).equals("postgres")) {
                            continue;
                        }
                        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
                        // ppid, utime + stime, cutime + cstime: fields 4, 14 + 15 and 16 + 17 of stat
                        postgres.put(Long.parseLong(process.getFileName().toString()), new long[] {Long.parseLong(fields[1]),
                                Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long.parseLong(fields[13]) + Long.parseLong(fields[14])});
                    } catch (IOException | RuntimeException gone) {
                        // the process ended while we looked
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list /proc (Linux only)", e);
            }
            long ticks = 0;
            for (long[] process : postgres.values()) {
                ticks += process[1] + (postgres.containsKey(process[0]) ? 0 : process[2]);
            }
            return ticks;
        }
    }

    private List<Double> runs(String scenario) {
        return runs.computeIfAbsent(scenario, key -> new ArrayList<>());
    }

    private static List<String> rounded(List<Double> values) {
        return values.stream().map(value -> String.format("%.0f", value)).toList();
    }

    private String freshDatabase() throws SQLException {
        String name = "allocation_bench_" + ProcessHandle.current().pid() + "_" + ++databases;
        try (Connection connection = DriverManager.getConnection(adminUrl); Statement sql = connection.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name);
            sql.execute("CREATE DATABASE " + name);
        }
        Database.connect(DatabaseUrl.parse(jdbcUrl(name)), 1).close();
        return name;
    }

    private void dropDatabase(String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl); Statement sql = connection.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private String jdbcUrl(String database) {
        int query = adminUrl.indexOf('?');
        String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
