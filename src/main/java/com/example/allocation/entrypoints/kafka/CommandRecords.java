package com.example.allocation.entrypoints.kafka;

import com.example.allocation.domain.commands.Command;
import com.example.allocation.entrypoints.JsonCommands;
import com.example.allocation.servicelayer.messagebus.CommandType;
import com.example.allocation.servicelayer.messagebus.Commands;
import com.example.allocation.servicelayer.messagebus.Field;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands as they arrive on the commands topic (docs/asyncapi.yaml): a JSON object with {@code "type"} and the
 * fields of the matching HTTP body, and an optional {@code "message_id"}. Read tolerantly, like the Redis
 * channel: unknown keys are ignored; the fields are read by the catalogue of commands' rules, and anything wrong is
 * an {@link IllegalArgumentException} whose message says what, in the same words as the HTTP API's, for whoever
 * reads the dead-letter topic.
 */
public final class CommandRecords {

    /** A command and the sender's id for it, or null when the sender gave none. */
    public record Parsed(Command command, String messageId) {
    }

    static final int MAX_RECORD_LENGTH = 64 * 1024;
    private static final Field<String> MESSAGE_ID = Field.optionalIdentifier("message_id");

    private CommandRecords() {
    }

    /** @throws IllegalArgumentException saying what is wrong, in the catalogue's words for the fields; the record is dead-lettered */
    public static Parsed parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The record has no value: a command is a JSON object");
        }
        if (value.length() > MAX_RECORD_LENGTH) {
            throw new IllegalArgumentException("The record is larger than " + MAX_RECORD_LENGTH + " characters");
        }
        JsonNode node;
        try {
            node = JsonCommands.MESSAGES.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The record is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("The record is not a JSON object");
        }
        List<String> problems = new ArrayList<>();
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new IllegalArgumentException("type must be the name of a command, one of " + String.join(", ", Commands.names()));
        }
        CommandType<?> commandType = Commands.named(type.asText()).orElseThrow(() -> new IllegalArgumentException(
                "Unknown command type " + type.asText() + ": one of " + String.join(", ", Commands.names())));
        String id = MESSAGE_ID.read(JsonCommands.raw(node.get("message_id")), problems);
        return new Parsed(JsonCommands.decode(commandType, node, Field::name, problems), id);
    }
}
