package com.example.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.adapters.email.SmtpNotifications;
import com.example.allocation.adapters.persistence.Database;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.example.allocation.entrypoints.http.auth.RateLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void a_stopping_service_drains_for_5_seconds_unless_told_otherwise_and_the_log_format_is_text_or_json() {
        assertThat(Config.fromEnvironment(Map.of()).shutdownDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(Config.fromEnvironment(Map.of("SHUTDOWN_DELAY_MS", "0")).shutdownDelay()).isZero();
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("SHUTDOWN_DELAY_MS", "-1")))
                .hasMessage("SHUTDOWN_DELAY_MS must be a whole number from 0 to 600000, got '-1'");
        assertThat(Config.fromEnvironment(Map.of("LOG_FORMAT", "json"))).isNotNull();
        assertThat(Config.fromEnvironment(Map.of("LOG_FORMAT", "text"))).isNotNull();
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("LOG_FORMAT", "JSON\n")))
                .hasMessage("LOG_FORMAT must be text or json, got 'JSON\n'");
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

    @Test
    void without_authentication_the_service_listens_on_loopback_and_refuses_any_other_address() {
        assertThat(Config.fromEnvironment(Map.of()).host()).isEqualTo("127.0.0.1");
        assertThat(Config.fromEnvironment(Map.of()).auth()).isNull();
        assertThat(Config.fromEnvironment(Map.of("HOST", "localhost")).host()).isEqualTo("localhost");
        assertThat(Config.fromEnvironment(Map.of("HOST", "::1")).host()).isEqualTo("::1");

        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("HOST", "0.0.0.0")))
                .hasMessageContaining("HOST 0.0.0.0").hasMessageContaining("AUTH_JWKS_URL").hasMessageContaining("AUTH_PUBLIC_KEY_FILE");
        Config disabled = Config.fromEnvironment(Map.of("HOST", "0.0.0.0", "AUTH_DISABLED", "true"));
        assertThat(disabled.authDisabled()).isTrue();
        assertThat(disabled.auth()).isNull();
    }

    @Test
    void authentication_needs_an_issuer_and_an_audience_and_one_source_of_keys() {
        Config config = Config.fromEnvironment(Map.of("HOST", "0.0.0.0", "AUTH_JWKS_URL", "https://idp.example/jwks.json",
                "AUTH_ISSUER", "https://idp.example/", "AUTH_AUDIENCE", "allocation, allocation-api"));

        assertThat(config.auth().jwksUrl()).hasToString("https://idp.example/jwks.json");
        assertThat(config.auth().issuer()).isEqualTo("https://idp.example/");
        assertThat(config.auth().audiences()).containsExactlyInAnyOrder("allocation", "allocation-api");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("AUTH_JWKS_URL", "https://idp.example/jwks.json", "AUTH_AUDIENCE", "a")))
                .hasMessageStartingWith("AUTH_ISSUER must be set");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("AUTH_PUBLIC_KEY_FILE", "key.pem", "AUTH_ISSUER", "i")))
                .hasMessageStartingWith("AUTH_AUDIENCE must be set");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("AUTH_JWKS_URL", "https://idp/jwks", "AUTH_PUBLIC_KEY_FILE", "key.pem",
                "AUTH_ISSUER", "i", "AUTH_AUDIENCE", "a"))).hasMessageContaining("both set");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("AUTH_ISSUER", "i")))
                .hasMessageContaining("neither AUTH_JWKS_URL nor AUTH_PUBLIC_KEY_FILE");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("AUTH_JWKS_URL", "https://idp/jwks", "AUTH_ISSUER", "i",
                "AUTH_AUDIENCE", "a", "AUTH_DISABLED", "true"))).hasMessageContaining("contradicts");
    }

    @Test
    void keys_are_fetched_over_https_or_from_this_machine_only() {
        Map<String, String> auth = Map.of("AUTH_ISSUER", "i", "AUTH_AUDIENCE", "a");

        assertThat(Config.fromEnvironment(with(auth, "AUTH_JWKS_URL", "http://127.0.0.1:8080/jwks")).auth().jwksUrl())
                .hasToString("http://127.0.0.1:8080/jwks");
        assertThatThrownBy(() -> Config.fromEnvironment(with(auth, "AUTH_JWKS_URL", "http://192.0.2.1/jwks")))
                .hasMessageContaining("must be an https:// URL");
        assertThatThrownBy(() -> Config.fromEnvironment(with(auth, "AUTH_JWKS_URL", "file:///etc/passwd")))
                .hasMessageContaining("must be an https:// URL");
    }

    @Test
    void any_variable_may_come_from_a_file_and_its_content_is_never_repeated(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("smtp-password"), "s3cret-from-file\n");
        Path url = Files.writeString(dir.resolve("database-url"), "postgresql://app:db-s3cret@db:5432/allocation\n");

        Config config = Config.fromEnvironment(Map.of("SMTP_HOST", "mail", "SMTP_USER", "alerts",
                "SMTP_PASSWORD_FILE", password.toString(), "DATABASE_URL_FILE", url.toString()));

        assertThat(config.smtp().password()).isEqualTo("s3cret-from-file");
        assertThat(config.smtp().toString()).doesNotContain("s3cret");
        assertThat(config.database().password()).isEqualTo("db-s3cret");
        assertThat(config.database().toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("SMTP_PASSWORD", "x", "SMTP_PASSWORD_FILE", password.toString())))
                .hasMessage("Both SMTP_PASSWORD and SMTP_PASSWORD_FILE are set: set one");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("SMTP_PASSWORD_FILE", dir.resolve("missing").toString())))
                .hasMessageStartingWith("SMTP_PASSWORD_FILE names a file that cannot be read");
        Path badPort = Files.writeString(dir.resolve("port"), "s3cret");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("SMTP_HOST", "mail", "SMTP_PORT_FILE", badPort.toString())))
                .hasMessage("SMTP_PORT must be a whole number from 1 to 65535, got the content of SMTP_PORT_FILE");
        Path badFormat = Files.writeString(dir.resolve("log-format"), "s3cret\n");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("LOG_FORMAT_FILE", badFormat.toString())))
                .hasMessage("LOG_FORMAT must be text or json, got the content of LOG_FORMAT_FILE");
    }

    @Test
    void every_variable_the_readme_lists_may_come_from_a_file(@TempDir Path dir) throws Exception {
        List<String> variables = readmeVariables();
        String missing = dir.resolve("missing").toString();

        assertThat(variables).contains("HOST", "DATABASE_URL", "SMTP_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS", "LOG_FORMAT");
        for (String variable : variables) {
            assertThatThrownBy(() -> Config.fromEnvironment(Map.of(variable + "_FILE", missing)))
                    .as(variable).hasMessageStartingWith(variable + "_FILE names a file that cannot be read");
        }
    }

    /** The variables named in the first column of the README's table under "Configuration". */
    private static List<String> readmeVariables() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int start = readme.indexOf("## Configuration");
        assertThat(start).as("the README's section Configuration").isPositive();
        List<String> variables = new ArrayList<>();
        for (String line : readme.subList(start + 1, readme.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("| `")) {
                Matcher name = Pattern.compile("`([A-Z][A-Z0-9_]*)`").matcher(line.substring(0, line.indexOf(" |", 2)));
                while (name.find()) {
                    variables.add(name.group(1));
                }
            }
        }
        return variables;
    }

    @Test
    void smtp_logs_in_and_uses_tls_as_told_with_the_usual_port_for_each() {
        Config starttls = Config.fromEnvironment(Map.of("SMTP_HOST", "mail", "SMTP_USER", "alerts", "SMTP_PASSWORD", "pw",
                "SMTP_TLS", "starttls"));
        Config tls = Config.fromEnvironment(Map.of("SMTP_HOST", "mail", "SMTP_TLS", "tls"));

        assertThat(starttls.smtp()).isEqualTo(new SmtpNotifications.Server("mail", 587, "allocations@example.com", "alerts", "pw",
                SmtpNotifications.Security.STARTTLS));
        assertThat(starttls.smtp().toString()).isEqualTo("mail:587 as alerts, starttls");
        assertThat(tls.smtp().port()).isEqualTo(465);
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("SMTP_HOST", "mail", "SMTP_TLS", "maybe")))
                .hasMessageStartingWith("SMTP_TLS must be none, starttls or tls");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("SMTP_HOST", "mail", "SMTP_PASSWORD", "pw")))
                .hasMessage("SMTP_PASSWORD is set but SMTP_USER is not");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("SMTP_USER", "alerts")))
                .hasMessageContaining("SMTP_HOST is not");
    }

    @Test
    void a_rate_limit_is_off_unless_set_and_its_burst_defaults_to_two_seconds_worth() {
        assertThat(Config.fromEnvironment(Map.of()).rateLimit()).isNull();
        assertThat(Config.fromEnvironment(Map.of("RATE_LIMIT_PER_SECOND", "50")).rateLimit()).isEqualTo(new RateLimits.Settings(50, 100));
        assertThat(Config.fromEnvironment(Map.of("RATE_LIMIT_PER_SECOND", "50", "RATE_LIMIT_BURST", "10")).rateLimit())
                .isEqualTo(new RateLimits.Settings(50, 10));
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("RATE_LIMIT_BURST", "10"))).hasMessageContaining("RATE_LIMIT_PER_SECOND is not");
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> more = new HashMap<>(env);
        more.put(name, value);
        return more;
    }

    @Test
    void kafka_is_on_with_its_bootstrap_servers_and_every_other_kafka_variable_is_a_client_property(@TempDir Path dir) throws Exception {
        Path jaas = Files.writeString(dir.resolve("jaas"), "org.apache.kafka.common.security.plain.PlainLoginModule required;\n");

        Config config = Config.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "PLAIN", "KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString(),
                "KAFKA_EVENTS_TOPIC", "stock.events", "KAFKA_GROUP_ID", "allocation-eu"));

        assertThat(config.kafka().clientSettings()).containsEntry("bootstrap.servers", "k1:9092,k2:9092")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;")
                .doesNotContainKeys("events.topic", "group.id");
        assertThat(config.kafka().eventsTopic()).isEqualTo("stock.events");
        assertThat(config.kafka().commandsTopic()).isEqualTo("allocation.commands");
        assertThat(config.kafka().deadLetterTopic()).isEqualTo("allocation.commands.dlq");
        assertThat(config.kafka().groupId()).isEqualTo("allocation-eu");
        assertThat(config.kafka().toString()).doesNotContain("PlainLoginModule");
        assertThat(Config.fromEnvironment(Map.of()).kafka()).isNull();
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL")))
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS is not");
    }
}
