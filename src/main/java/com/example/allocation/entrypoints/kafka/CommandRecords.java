package com.example.allocation.entrypoints.kafka;

import com.example.allocation.domain.Require;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Commands as they arrive on the commands topic (docs/asyncapi.yaml): a JSON object with {@code "type"} and the
 * fields of the matching HTTP body, and an optional {@code "message_id"}. Read tolerantly, like the Redis
 * channel: unknown keys are ignored; anything else wrong is an {@link IllegalArgumentException} whose message
 * says what, in words for whoever reads the dead-letter topic.
 */
final class CommandRecords {

    /** A command and the sender's id for it, or null when the sender gave none. */
    record Parsed(Command command, String messageId) {
    }

    static final int MAX_RECORD_LENGTH = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxNumberLength(32).build())
            .build());

    private CommandRecords() {
    }

    static Parsed parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The record has no value: a command is a JSON object");
        }
        if (value.length() > MAX_RECORD_LENGTH) {
            throw new IllegalArgumentException("The record is larger than " + MAX_RECORD_LENGTH + " characters");
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The record is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("The record is not a JSON object");
        }
        String type = text(node, "type");
        Command command = switch (type) {
            case "CreateBatch" -> new CreateBatch(identifier(node, "ref"), identifier(node, "sku"), quantity(node, "qty", 1), eta(node));
            case "Allocate" -> new Allocate(identifier(node, "orderid"), identifier(node, "sku"), quantity(node, "qty", 1));
            case "ChangeBatchQuantity" -> new ChangeBatchQuantity(identifier(node, "ref"), quantity(node, "qty", 0));
            case "Deallocate" -> new Deallocate(identifier(node, "orderid"), identifier(node, "sku"));
            default -> throw new IllegalArgumentException("Unknown command type " + type
                    + ": one of CreateBatch, Allocate, ChangeBatchQuantity, Deallocate");
        };
        return new Parsed(command, node.has("message_id") && !node.get("message_id").isNull() ? identifier(node, "message_id") : null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("Missing field " + field);
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("Field " + field + " must be a string");
        }
        return value.asText();
    }

    private static String identifier(JsonNode node, String field) {
        String value = text(node, field);
        Require.identifierProblem(field, value).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return value;
    }

    private static int quantity(JsonNode node, String field, int minimum) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("Missing field " + field);
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("Field " + field + " must be a whole number");
        }
        if (value.intValue() < minimum) {
            throw new IllegalArgumentException(field + " must be at least " + minimum + ", got " + value.intValue());
        }
        return value.intValue();
    }

    private static LocalDate eta(JsonNode node) {
        JsonNode value = node.get("eta");
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return LocalDate.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Field eta must be a date, YYYY-MM-DD, or null");
        }
    }
}
