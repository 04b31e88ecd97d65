package com.example.allocation.bench.soak;

import com.example.allocation.TcpProxy;
import com.example.allocation.TestKafka;
import com.example.allocation.TestRedis;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Everything a soak runs on, started in {@code work}, and the faults it can suffer: two instances of the service
 * on a PostgreSQL primary with a synchronous standby (each server behind a proxy that can cut the link), with
 * Redis and a Kafka broker. Each fault returns once it has been applied and healed (the thing is back and
 * usable), so the caller can time how long the service takes to recover. AutoCloseable: stops all, deletes nothing.
 */
public final class SoakCluster implements AutoCloseable {

    private static final int INSTANCES = 2;
    private static final int EVENT_PARTITIONS = 4;
    private static final Duration REDIS_WAIT = Duration.ofSeconds(30);
    private static final Duration KAFKA_WAIT = Duration.ofSeconds(60);

    private final Path work;
    private final String eventsTopic = "soak.events." + Long.toString(System.currentTimeMillis(), 36);
    private final int redisPort = TestRedis.freePort();
    private final List<ServiceInstance> instances = new ArrayList<>();
    private PostgresPair postgres;
    private TcpProxy primaryProxy;
    private TcpProxy standbyProxy;
    private Process redis;
    private TestKafka kafka;

    private SoakCluster(Path work) {
        this.work = work;
    }

    /** Starts everything, and returns once both instances answer {@code GET /health/ready} with 200. */
    public static SoakCluster start(Path work, Path jar) throws Exception {
        SoakCluster cluster = new SoakCluster(work.toAbsolutePath());
        try {
            cluster.startAll(jar.toAbsolutePath());
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll(Path jar) throws Exception {
        Files.createDirectories(work);
        log("starting the soak cluster in " + work);
        postgres = PostgresPair.start(work.resolve("postgres"));
        primaryProxy = new TcpProxy(postgres.primaryPort());
        standbyProxy = new TcpProxy(postgres.standbyPort());
        startRedis();
        kafka = new TestKafka(TestRedis.freePort(), TestRedis.freePort(), work.resolve("kafka"));
        kafka.createTopic(eventsTopic, EVENT_PARTITIONS);
        log("Kafka up at " + kafka.bootstrapServers() + ", events to " + eventsTopic);
        Map<String, String> environment = Map.of(
                "HOST", "127.0.0.1",
                "DATABASE_URL", serviceDatabaseUrl(),
                "REDIS_URL", "redis://127.0.0.1:" + redisPort,
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "KAFKA_EVENTS_TOPIC", eventsTopic,
                "LOG_FORMAT", "text");
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(new ServiceInstance("instance " + i, work.resolve("instance-" + i), jar, environment));
        }
        for (ServiceInstance instance : instances) {
            instance.start();
        }
        log("soak cluster up");
    }

    /** {@code "http://127.0.0.1:<port>"} of instance 0 and 1; the same over restarts. */
    public List<String> baseUrls() {
        return instances.stream().map(ServiceInstance::baseUrl).toList();
    }

    /** A JDBC URL reaching the current primary directly (not through the proxies), user postgres, for checks. */
    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    /**
     * The {@code DATABASE_URL} the instances use: both servers, each through its proxy; the driver tries them in
     * turn for the one that takes writes, which is how the service finds the standby once it has been promoted.
     */
    public String serviceDatabaseUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryProxy.port() + ",127.0.0.1:" + standbyProxy.port() + "/" + PostgresPair.DATABASE
                + "?targetServerType=primary&user=postgres";
    }

    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    /** The topic the instances publish every event to ({@code KAFKA_EVENTS_TOPIC}), of its own for this soak. */
    public String eventsTopic() {
        return eventsTopic;
    }

    public boolean failedOver() {
        return postgres.failedOver();
    }

    /** kill -9 of the instance, then start again, waited for until ready. */
    public void killAndRestartInstance(int index) throws Exception {
        long started = fault("kill -9 of instance " + index);
        instances.get(index).kill();
        instances.get(index).start();
        healed("instance " + index + " killed and restarted", started);
    }

    /** SIGTERM, the instance's own graceful stop waited for (≤ 60 s), then start again, waited for until ready. */
    public void restartInstanceGracefully(int index) throws Exception {
        long started = fault("graceful restart of instance " + index);
        instances.get(index).stop();
        instances.get(index).start();
        healed("instance " + index + " restarted gracefully", started);
    }

    /** {@code pg_ctl restart -m fast} of the current primary; healed once it takes writes again. */
    public void restartPostgres() throws Exception {
        long started = fault("PostgreSQL restart of the " + (failedOver() ? "promoted standby" : "primary"));
        postgres.restartPrimary();
        healed("PostgreSQL restarted", started);
    }

    /** kill -9 of the primary's postmaster and promotion of the standby; once only (throws if already done). */
    public void failover() throws Exception {
        long started = fault("PostgreSQL failover");
        postgres.failover();
        healed("PostgreSQL failed over: the standby is the primary", started);
    }

    public void restartRedis() throws Exception {
        long started = fault("Redis restart");
        stopRedis();
        startRedis();
        healed("Redis restarted", started);
    }

    /** Stops the broker and starts it again on its ports and data; healed once every partition of the events topic has a leader. */
    public void restartKafka() throws Exception {
        long started = fault("Kafka restart");
        kafka.stop();
        kafka.start();
        awaitEventsTopicLed();
        healed("Kafka restarted", started);
    }

    /** Both database proxies refuse and drop every connection for {@code duration}, then let them through again. */
    public void cutDatabaseLink(Duration duration) throws Exception {
        long started = fault("database link cut for " + duration.toSeconds() + " s");
        primaryProxy.cut();
        standbyProxy.cut();
        try {
            Thread.sleep(duration.toMillis());
        } finally {
            primaryProxy.restore();
            standbyProxy.restore();
        }
        healed("database link restored", started);
    }

    /** Stops everything, each step on its own so that one failing leaves none of the rest running; deletes nothing. */
    @Override
    public void close() {
        log("stopping the soak cluster");
        instances.forEach(ServiceInstance::close);
        for (ServiceInstance instance : instances) {
            quietly("an instance", instance::awaitClosed);
        }
        quietly("Kafka", () -> {
            if (kafka != null) {
                kafka.close();
            }
        });
        quietly("Redis", this::stopRedis);
        quietly("PostgreSQL", () -> {
            if (postgres != null) {
                postgres.close();
            }
        });
        for (TcpProxy proxy : new TcpProxy[] {primaryProxy, standbyProxy}) {
            if (proxy != null) {
                proxy.close();
            }
        }
        log("soak cluster stopped; its files are in " + work);
    }

    static void log(String message) {
        System.out.println(LocalTime.now() + " soak: " + message);
    }

    private static long fault(String what) {
        log("fault: " + what);
        return System.nanoTime();
    }

    private static void healed(String what, long started) {
        log(String.format("healed in %.1f s: %s", (System.nanoTime() - started) / 1e9, what));
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            log("could not stop " + what + ": " + e);
        }
    }

    /** A Redis of the soak's own, kept in memory only: a restart loses what it held, as a real one without persistence would. */
    private void startRedis() throws Exception {
        redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("redis.log").toFile())).start();
        long deadline = System.nanoTime() + REDIS_WAIT.toNanos();
        while (!redisAnswers()) {
            if (!redis.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis did not answer on port " + redisPort + "; see " + work.resolve("redis.log"));
            }
            Thread.sleep(50);
        }
        log("Redis up on port " + redisPort);
    }

    private void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(REDIS_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private boolean redisAnswers() {
        try (Socket socket = new Socket("127.0.0.1", redisPort)) {
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The broker takes connections before it leads its partitions again; until it does, nothing can be published. */
    private void awaitEventsTopicLed() throws Exception {
        long deadline = System.nanoTime() + KAFKA_WAIT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            while (System.nanoTime() < deadline) {
                try {
                    TopicDescription topic = admin.describeTopics(List.of(eventsTopic)).allTopicNames().get(5, TimeUnit.SECONDS).get(eventsTopic);
                    if (topic.partitions().stream().allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty())) {
                        return;
                    }
                } catch (Exception notYet) {
                    // the broker is still loading its logs
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("The events topic had no leader for every partition within " + KAFKA_WAIT + " of the Kafka restart");
    }
}
