package com.example.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.adapters.persistence.DatabaseUrl;
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
        assertThat(config.smtp()).isEqualTo(new Config.Smtp("mail", 2525, "allocations@example.com"));
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
}
