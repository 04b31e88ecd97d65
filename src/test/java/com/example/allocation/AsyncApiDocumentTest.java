package com.example.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.adapters.kafka.KafkaSettings;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.events.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** docs/asyncapi.yaml cannot fall behind the code: every event and every command the service knows is in it. */
class AsyncApiDocumentTest {

    private final String document = read();

    @Test
    void every_domain_event_is_described_as_a_message_of_the_events_topic() {
        Arrays.stream(Event.class.getPermittedSubclasses()).map(Class::getSimpleName).forEach(event ->
                assertThat(document).as("docs/asyncapi.yaml on %s", event).contains("type: {const: " + event + "}"));
    }

    @Test
    void every_command_is_described_as_a_message_of_the_commands_topic() {
        Arrays.stream(Command.class.getPermittedSubclasses()).map(Class::getSimpleName).forEach(command ->
                assertThat(document).as("docs/asyncapi.yaml on %s", command).contains("type: {const: " + command + "}"));
    }

    @Test
    void the_default_topics_are_the_ones_the_service_uses() {
        assertThat(document).contains("address: " + KafkaSettings.EVENTS_TOPIC, "address: " + KafkaSettings.COMMANDS_TOPIC,
                "address: " + KafkaSettings.COMMANDS_TOPIC + ".dlq");
    }

    private static String read() {
        try {
            return Files.readString(Path.of("docs", "asyncapi.yaml"));
        } catch (IOException e) {
            throw new AssertionError("docs/asyncapi.yaml is missing", e);
        }
    }
}
