package com.example.allocation.bench.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The soak (README, "Faults together: the soak"): two instances of the service on a PostgreSQL primary with a
 * synchronous standby, Redis and Kafka on ({@link SoakCluster}), a mixed load ({@link SoakLoad}) for {@code SECONDS},
 * and meanwhile a schedule of faults drawn from {@code SEED} — the same seed, the same schedule: every kind at least
 * once, the failover once. Faults come together, as in production: each starts at its time, whatever else is under
 * way, but two on the same part (an instance, the database, Redis, Kafka) take turns, since the second could not
 * be told from the first. Then the outside checker ({@link SoakChecker})
 * holds every promise against the load's own record and the stores, and the report ({@link SoakReport}) is written.
 * Exits 0 only with no violation. Run: {@code bench/soak.sh [SECONDS] [SEED]} (600 s, seed 1).
 */
public final class Soak {

    /** Every kind of fault; the failover can happen once, as the soak keeps no third server to follow it. */
    static final List<String> KINDS = List.of("kill-instance", "restart-instance", "restart-postgres", "failover",
            "restart-redis", "restart-kafka", "cut-database-link");
    private static final Duration LINK_CUT = Duration.ofSeconds(10);
    /** The load runs this long before the first fault and after the last one starts. */
    private static final int QUIET_SECONDS = 5;
    /** About how long a round of every kind of fault takes, one after another on each part: a longer soak has more rounds. */
    private static final int ROUND_SECONDS = 60;
    private static final int THREADS = 8;
    /** How long after a fault healed its cost is still counted: clients reconnecting, lanes refilling. */
    private static final Duration AFTER_HEALING = Duration.ofSeconds(10);

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        Path jar = Path.of("target", "allocation.jar").toAbsolutePath();
        Path work = Files.createDirectories(Path.of("target", "soak", "seed-" + seed + "-" + System.currentTimeMillis()).toAbsolutePath());
        List<Scheduled> schedule = schedule(seconds, seed);
        System.out.printf("soak: %d s, seed %d, %d faults: %s; work in %s%n", seconds, seed, schedule.size(), schedule, work);

        List<String> violations = new ArrayList<>();
        List<Fault> faults = new ArrayList<>();
        SoakLoad load;
        long start;
        try (SoakCluster cluster = SoakCluster.start(work, jar)) {
            load = new SoakLoad(cluster.baseUrls(), seed, THREADS);
            start = System.currentTimeMillis();
            load.start();
            ExecutorService faulting = Executors.newFixedThreadPool(schedule.size());
            try {
                List<Future<Fault>> applied = new ArrayList<>();
                Map<String, Object> parts = new ConcurrentHashMap<>();
                for (Scheduled next : schedule) {
                    long at = start + next.atSeconds() * 1_000L;
                    applied.add(faulting.submit(() -> {
                        sleepUntil(at);
                        synchronized (parts.computeIfAbsent(next.part(), part -> new Object())) {
                            return apply(cluster, next);
                        }
                    }));
                }
                for (int i = 0; i < applied.size(); i++) {
                    try {
                        faults.add(applied.get(i).get(30, TimeUnit.MINUTES));
                    } catch (ExecutionException failed) {
                        // Something the service needed did not come back: a finding, and the soak goes on to check the rest.
                        violations.add(schedule.get(i) + " did not heal: " + failed.getCause());
                    }
                }
            } finally {
                faulting.shutdownNow();
            }
            sleepUntil(start + seconds * 1_000L);
            load.stop();
            violations.addAll(new SoakChecker().check(load.journal(), cluster.jdbcUrl(), cluster.kafkaBootstrap(), cluster.eventsTopic(),
                    jar, cluster.serviceDatabaseUrl()));
        }
        List<Fault> measured = faults.stream().map(fault -> new Fault(fault.kind(), fault.startMillis(), fault.endMillis(),
                load.journal().longestSilence(fault.startMillis(), fault.endMillis() + AFTER_HEALING.toMillis()))).toList();
        String summary = SoakReport.write(load.journal(), measured, violations, work, start);
        System.out.println(summary);
        System.exit(violations.isEmpty() ? 0 : 1);
    }

    private static Fault apply(SoakCluster cluster, Scheduled fault) throws Exception {
        long faultStart = System.currentTimeMillis();
        switch (fault.kind()) {
            case "kill-instance" -> cluster.killAndRestartInstance(fault.instance());
            case "restart-instance" -> cluster.restartInstanceGracefully(fault.instance());
            case "restart-postgres" -> cluster.restartPostgres();
            case "failover" -> cluster.failover();
            case "restart-redis" -> cluster.restartRedis();
            case "restart-kafka" -> cluster.restartKafka();
            case "cut-database-link" -> cluster.cutDatabaseLink(LINK_CUT);
            default -> throw new IllegalStateException("no fault " + fault.kind());
        }
        long faultEnd = System.currentTimeMillis();
        System.out.printf("soak: %s applied and healed in %.1f s%n", fault, (faultEnd - faultStart) / 1e3);
        return new Fault(fault.kind(), faultStart, faultEnd, -1);
    }

    /** A fault, when it starts (seconds into the soak), and the instance it strikes where it strikes one. */
    record Scheduled(String kind, int atSeconds, int instance) {

        /** What it strikes: two faults on one part take turns. */
        String part() {
            if (kind.endsWith("instance")) {
                return "instance-" + instance;
            }
            return kind.endsWith("redis") ? "redis" : kind.endsWith("kafka") ? "kafka" : "database";
        }

        @Override
        public String toString() {
            return kind + (kind.endsWith("instance") ? " " + instance : "") + " at " + atSeconds + " s";
        }
    }

    /**
     * Every kind once per round of {@value #ROUND_SECONDS} s (the failover in the first round only), each at a time
     * drawn from the seed within its round, the load quiet for {@value #QUIET_SECONDS} s at both ends; in time order.
     */
    static List<Scheduled> schedule(int seconds, long seed) {
        Random random = new Random(seed);
        int span = Math.max(1, seconds - 2 * QUIET_SECONDS);
        int rounds = Math.max(1, span / ROUND_SECONDS);
        int roundSeconds = span / rounds;
        List<Scheduled> schedule = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<String> kinds = new ArrayList<>(KINDS);
            if (round > 0) {
                kinds.remove("failover");
            }
            Collections.shuffle(kinds, random);
            for (String kind : kinds) {
                int at = QUIET_SECONDS + round * roundSeconds + random.nextInt(roundSeconds);
                schedule.add(new Scheduled(kind, at, random.nextInt(2)));
            }
        }
        schedule.sort(Comparator.comparingInt(Scheduled::atSeconds));
        return schedule;
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long left = epochMillis - System.currentTimeMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
    }
}
