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
import java.util.Map;

/**
 * {@code java -jar target/allocation.jar} as its own process, as in production, configured by its
 * environment alone, with everything it logs in {@code service.log} of its working folder.
 */
record RunningJar(Process process, ApiClient api, int port, Path workDir) {

    /** Starts the jar on the database, with the other variables given, and returns once it answers. */
    static RunningJar start(Path workDir, DatabaseUrl database, Map<String, String> environment) {
        Path jar = Path.of("target", "allocation.jar").toAbsolutePath();
        assertThat(jar).as("the jar, built by mvn package before the integration tests").exists();
        int port = TestRedis.freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("service.log").toFile()));
        builder.environment().put("PORT", String.valueOf(port));
        // Only the H2 URL carries a separate user; PostgreSQL's has it in the URL already.
        builder.environment().put("DATABASE_URL",
                database.user() == null ? database.jdbcUrl() : database.jdbcUrl() + ";USER=" + database.user());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ApiClient api = new ApiClient(port);
        Eventually.await("the service answers /health", Duration.ofSeconds(60), () -> {
            try {
                return api.get("/health").status() == 200;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        });
        return new RunningJar(process, api, port, workDir);
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
