package com.example.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.adapters.email.SmtpNotifications;
import com.example.allocation.adapters.persistence.Database;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void with_nothing_set_the_service_runs_embedded_on_port_5005_without_redis_or_smtp() {
        Config config = Config.fromEnvironment(Map.of());

        assertThat(config.port()).isEqualTo(5005);
        assertThat(config.database()).isEqualTo(DatabaseUrl.EMBEDDED_DEFAULT);
        assertThat(config.redisUrl()).isNull();
        assertThat(config.smtp()).isNull();
        assertThat(config.stockEmail()).isEqualTo("stock@made.com");
        assertThat(config.commandLanes()).isEqualTo(1);
    }

    @Test
    void every_variable_is_read() {
        Config config = Config.fromEnvironment(Map.of(
                "PORT", "8080", "DATABASE_URL", "postgresql://u:p@db:5432/allocation", "DATABASE_POOL_SIZE", "20",
                "REDIS_URL", "redis://cache:6379", "SMTP_HOST", "mail", "SMTP_PORT", "2525", "STOCK_EMAIL", "buyers@example.com",
                "COMMAND_LANES", "3"));

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/allocation");
        assertThat(config.databasePoolSize()).isEqualTo(20);
        assertThat(config.redisUrl()).isEqualTo("redis://cache:6379");
        assertThat(config.smtp()).isEqualTo(SmtpNotifications.Server.plain("mail", 2525));
        assertThat(config.stockEmail()).isEqualTo("buyers@example.com");
        assertThat(config.commandLanes()).isEqualTo(3);
    }

    @Test
    void an_smtp_host_alone_uses_port_25() {
        assertThat(Config.fromEnvironment(Map.of("SMTP_HOST", "mail")).smtp().port()).isEqualTo(25);
    }

    @Test
    void a_bad_value_is_refused_naming_the_variable_and_what_it_should_be() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("PORT", "http")))
                .hasMessage("PORT must be a whole number from 0 to 65535, got 'http'");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("PORT", "70000"))).hasMessageStartingWith("PORT must be");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("REDIS_URL", "localhost:6379")))
                .hasMessageContaining("REDIS_URL must look like redis://host:port");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("SMTP_PORT", "25")))
                .hasMessageContaining("SMTP_HOST is not");
    }

    @Test
    void a_bad_redis_url_is_refused_without_its_password() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("REDIS_URL", "http://:hunter2@cache:6379")))
                .hasMessageContaining("REDIS_URL must look like redis://host:port").hasMessageNotContaining("hunter2");
    }

    @Test
    void the_waits_are_read_and_a_lock_wait_longer_than_a_statement_is_refused() {
        Config config = Config.fromEnvironment(Map.of("WRITE_TIMEOUT_MS", "3000", "MAX_PENDING_WRITES", "64",
                "DATABASE_STATEMENT_TIMEOUT_MS", "1500", "DATABASE_LOCK_TIMEOUT_MS", "500", "DATABASE_CONNECTION_TIMEOUT_MS", "800"));

        assertThat(config.writeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.maxPendingWrites()).isEqualTo(64);
        assertThat(config.databaseTimeouts()).isEqualTo(new Database.Timeouts(
                Duration.ofMillis(1500), Duration.ofMillis(500), Duration.ofMillis(800)));
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("DATABASE_STATEMENT_TIMEOUT_MS", "1000", "DATABASE_LOCK_TIMEOUT_MS", "2000")))
                .hasMessage("DATABASE_LOCK_TIMEOUT_MS must be a whole number from 10 to 1000, got '2000'");
    }
}
