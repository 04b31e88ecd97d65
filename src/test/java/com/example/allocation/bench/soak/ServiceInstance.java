package com.example.allocation.bench.soak;

import com.example.allocation.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the service, {@code java -jar} as a child process in a folder of its own, always on the same port
 * so that its address outlives its restarts; its output, over all its lives, in {@code service.log} there.
 */
final class ServiceInstance {

    private static final Duration READY_WAIT = Duration.ofSeconds(60);
    /** Longer than the service's own bound on a graceful stop (its shutdown delay, then 30 s for requests in flight). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final String name;
    private final Path dir;
    private final Path jar;
    private final Map<String, String> environment;
    private final int port = TestRedis.freePort();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    ServiceInstance(String name, Path dir, Path jar, Map<String, String> environment) {
        this.name = name;
        this.dir = dir;
        this.jar = jar;
        this.environment = environment;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the jar, and returns once {@code /health/ready} answers 200. */
    void start() throws Exception {
        Files.createDirectories(dir);
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()))
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("service.log").toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("PORT", String.valueOf(port));
        process = builder.start();
        awaitReady();
        SoakCluster.log(name + " ready at " + baseUrl() + " (pid " + process.pid() + ")");
    }

    /** {@code kill -9}: no shutdown of any kind. */
    void kill() throws Exception {
        process.destroyForcibly();
        if (!process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " outlived kill -9 for " + STOP_WAIT);
        }
    }

    /** SIGTERM, and the service's own graceful shutdown, waited for. */
    void stop() throws Exception {
        process.destroy();
        if (!process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not stop within " + STOP_WAIT + " of SIGTERM; see " + dir.resolve("service.log"));
        }
        SoakCluster.log(name + " stopped with status " + process.exitValue());
    }

    /** Tells the process to stop (SIGTERM), without waiting: the soak's end stops every instance side by side. */
    void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** After {@link #close()}: waits for the graceful stop, bounded, then kills what is left. */
    void awaitClosed() throws InterruptedException {
        if (process != null && !process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void awaitReady() throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue() + " while starting; see "
                        + dir.resolve("service.log"));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " was not ready within " + READY_WAIT + "; see " + dir.resolve("service.log"));
    }
}
