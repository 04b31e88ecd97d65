package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Eventually;
import com.example.allocation.TestRedis;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar target/allocation.jar} as its own process, as in production, configured by its
 * environment alone, with everything it logs in {@code service.log} of its working folder.
 */
record RunningJar(Process process, ApiClient api, int port, Path workDir) {

    /** Starts the jar on the database, with the other variables given, and returns once it answers. */
    static RunningJar start(Path workDir, DatabaseUrl database, Map<String, String> environment) {
        return start(workDir, database, environment, List.of());
    }

    /** The same, with options for the JVM, such as the trust store an operator would give it, and arguments for the jar. */
    static RunningJar start(Path workDir, DatabaseUrl database, Map<String, String> environment, List<String> jvmOptions,
            String... args) {
        int port = TestRedis.freePort();
        Process process = launch(workDir, database, port, environment, jvmOptions, args);
        ApiClient api = new ApiClient(port);
        Eventually.await("the service answers /health", Duration.ofSeconds(60), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("The service stopped with status " + process.exitValue() + "; it logged:\n"
                        + new RunningJar(process, api, port, workDir).log());
            }
            try {
                return api.get("/health").status() == 200;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        });
        return new RunningJar(process, api, port, workDir);
    }

    /** Runs the jar, expecting it to refuse to start; returns its exit status. */
    static int refusal(Path workDir, DatabaseUrl database, Map<String, String> environment) throws InterruptedException {
        return command(workDir, database, environment).status();
    }

    /** What a command that ends by itself did: its exit status, and everything it wrote (service.log). */
    record Finished(int status, String output) {
    }

    /** Runs {@code java -jar allocation.jar ARGS} to its end, as an operator runs a tool of the jar. */
    static Finished command(Path workDir, DatabaseUrl database, Map<String, String> environment, String... args)
            throws InterruptedException {
        Process process = launch(workDir, database, TestRedis.freePort(), environment, List.of(), args);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("java -jar allocation.jar " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Finished(process.exitValue(), new RunningJar(process, null, 0, workDir).log());
    }

    private static Process launch(Path workDir, DatabaseUrl database, int port, Map<String, String> environment,
            List<String> jvmOptions, String... args) {
        Path jar = Path.of("target", "allocation.jar").toAbsolutePath();
        assertThat(jar).as("the jar, built by mvn package before the integration tests").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("service.log").toFile()));
        builder.environment().put("PORT", String.valueOf(port));
        // No load balancer waits to notice a stop here; the test of that drain sets its own delay.
        builder.environment().put("SHUTDOWN_DELAY_MS", "0");
        // Only the H2 URL carries a separate user; PostgreSQL's has it in the URL already.
        builder.environment().put("DATABASE_URL",
                database.user() == null ? database.jdbcUrl() : database.jdbcUrl() + ";USER=" + database.user());
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the service has logged so far. */
    String log() {
        try {
            return Files.readString(workDir.resolve("service.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
