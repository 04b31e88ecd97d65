package com.example.allocation;

import com.example.allocation.adapters.Environment;
import com.example.allocation.adapters.Secrets;
import com.example.allocation.adapters.email.SmtpNotifications;
import com.example.allocation.adapters.kafka.KafkaSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the service's messages go and come from, as the environment says (README, "Messages to and from other
 * services"): the Redis server, the mail server, the Kafka cluster. Each is off unless its variable is set.
 */
final class MessagingVariables {

    /** The variables named here; besides them, any {@code KAFKA_*} is read, as a Kafka client property. */
    static final List<String> NAMES = List.of("REDIS_URL", "SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_TLS",
            "SMTP_FROM");
    static final String KAFKA = "KAFKA_";
    /** Variables of the service's own, not Kafka client properties. */
    private static final Set<String> KAFKA_OWN = Set.of("KAFKA_EVENTS_TOPIC", "KAFKA_COMMANDS_TOPIC", "KAFKA_DLQ_TOPIC",
            "KAFKA_GROUP_ID");

    private MessagingVariables() {
    }

    /** The Redis server for the channels of docs/spec.md §4, or null to log outgoing messages instead. */
    static String redisUrl(Environment env) {
        String url = env.text("REDIS_URL");
        if (url != null && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("REDIS_URL must look like redis://host:port or rediss://host:port, got '"
                    + Secrets.redact(url) + "'");
        }
        return url;
    }

    /** The mail server, or null to log emails instead. */
    static SmtpNotifications.Server smtp(Environment env) {
        String host = env.text("SMTP_HOST");
        if (host == null) {
            for (String orphan : List.of("SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_TLS")) {
                if (env.text(orphan) != null) {
                    throw new IllegalArgumentException(orphan + " is set but SMTP_HOST is not: set SMTP_HOST to send email");
                }
            }
            return null;
        }
        String user = env.text("SMTP_USER");
        String password = env.get("SMTP_PASSWORD");
        if (user == null && password != null) {
            throw new IllegalArgumentException("SMTP_PASSWORD is set but SMTP_USER is not");
        }
        SmtpNotifications.Security security = env.text("SMTP_TLS") == null ? SmtpNotifications.Security.NONE
                : SmtpNotifications.Security.parse(env.text("SMTP_TLS"));
        int defaultPort = switch (security) {
            case NONE -> 25;
            case STARTTLS -> 587;
            case TLS -> 465;
        };
        return new SmtpNotifications.Server(host, env.integer("SMTP_PORT", defaultPort, 1, 65_535),
                env.getOrDefault("SMTP_FROM", SmtpNotifications.Server.DEFAULT_FROM), user,
                user == null ? null : password == null ? "" : password, security);
    }

    /**
     * Kafka from {@code KAFKA_BOOTSTRAP_SERVERS}, or null to run without it; any other {@code KAFKA_X_Y} is the client
     * property {@code x.y}.
     */
    static KafkaSettings kafka(Environment env) {
        String bootstrap = env.text("KAFKA_BOOTSTRAP_SERVERS");
        Map<String, Object> client = new HashMap<>();
        env.values().forEach((name, value) -> {
            if (name.startsWith(KAFKA) && !name.endsWith("_FILE") && !KAFKA_OWN.contains(name) && value != null) {
                client.put(name.substring(KAFKA.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        if (bootstrap == null) {
            if (!client.isEmpty() || KAFKA_OWN.stream().anyMatch(name -> env.text(name) != null)) {
                throw new IllegalArgumentException("Kafka settings are given but KAFKA_BOOTSTRAP_SERVERS is not: set it to turn Kafka on");
            }
            return null;
        }
        String commands = env.getOrDefault("KAFKA_COMMANDS_TOPIC", KafkaSettings.COMMANDS_TOPIC).trim();
        return new KafkaSettings(client, env.getOrDefault("KAFKA_EVENTS_TOPIC", KafkaSettings.EVENTS_TOPIC).trim(), commands,
                env.getOrDefault("KAFKA_DLQ_TOPIC", commands + ".dlq").trim(),
                env.getOrDefault("KAFKA_GROUP_ID", KafkaSettings.GROUP_ID).trim());
    }
}
