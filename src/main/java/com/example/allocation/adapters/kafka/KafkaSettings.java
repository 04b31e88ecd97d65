package com.example.allocation.adapters.kafka;

import java.util.Map;

/**
 * Kafka: where the cluster is, the topics, and every other client setting, passed through as given.
 *
 * @param clientSettings Kafka client properties, {@code bootstrap.servers} among them, from the
 *     {@code KAFKA_*} variables: {@code KAFKA_SECURITY_PROTOCOL=SASL_SSL} is {@code security.protocol=SASL_SSL}
 * @param eventsTopic where every domain event is published
 * @param commandsTopic where commands are read from
 * @param deadLetterTopic where commands that cannot be applied go, with the reason
 * @param groupId the consumer group the service's instances share
 */
public record KafkaSettings(Map<String, Object> clientSettings, String eventsTopic, String commandsTopic, String deadLetterTopic,
        String groupId) {

    public static final String EVENTS_TOPIC = "allocation.events";
    public static final String COMMANDS_TOPIC = "allocation.commands";
    public static final String GROUP_ID = "allocation-service";

    public KafkaSettings {
        clientSettings = Map.copyOf(clientSettings);
    }

    /** Where it is, for a log line: the bootstrap servers only, never a client setting that may hold a secret. */
    @Override
    public String toString() {
        return clientSettings.get("bootstrap.servers") + " (events " + eventsTopic + ", commands " + commandsTopic + ")";
    }
}
