package com.example.allocation.adapters.persistence;

import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.Backordered;
import com.example.allocation.domain.events.Deallocated;
import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.events.LineCancelled;
import com.example.allocation.domain.events.OutOfStock;
import com.example.allocation.servicelayer.Notification;
import com.example.allocation.servicelayer.OutgoingMessage;
import com.example.allocation.servicelayer.Publication;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How outgoing messages are stored in the outbox: a kind, a destination and a JSON payload. Events are
 * written field by field under the names other services read (book chapter 11: {@code orderid},
 * {@code batchref}), plus their type; nothing here leans on the domain classes' Java names.
 */
final class OutboxJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUBLICATION = "publication";
    private static final String NOTIFICATION = "notification";

    private OutboxJson() {
    }

    static String kind(OutgoingMessage message) {
        return message instanceof Publication ? PUBLICATION : NOTIFICATION;
    }

    static String payload(OutgoingMessage message) {
        ObjectNode node = message instanceof Publication publication
                ? event(publication.event())
                : JSON.createObjectNode().put("text", ((Notification) message).text());
        return node.toString();
    }

    static OutgoingMessage message(String kind, String destination, String payload) {
        JsonNode node = parse(payload);
        return switch (kind) {
            case PUBLICATION -> new Publication(destination, event(node));
            case NOTIFICATION -> new Notification(destination, node.get("text").asText());
            default -> throw new IllegalStateException("Unknown outbox entry kind " + kind);
        };
    }

    static ObjectNode event(Event event) {
        ObjectNode node = JSON.createObjectNode().put("type", event.getClass().getSimpleName()).put("sku", event.sku());
        if (event instanceof Allocated allocated) {
            node.put("orderid", allocated.orderId()).put("qty", allocated.qty()).put("batchref", allocated.batchReference());
        } else if (event instanceof Deallocated deallocated) {
            node.put("orderid", deallocated.orderId()).put("qty", deallocated.qty());
        } else if (event instanceof Backordered backordered) {
            node.put("orderid", backordered.orderId()).put("qty", backordered.qty());
        } else if (event instanceof LineCancelled cancelled) {
            node.put("orderid", cancelled.orderId()).put("qty", cancelled.qty()).put("batchref", cancelled.batchReference());
        }
        return node;
    }

    static Event event(JsonNode node) {
        String sku = node.get("sku").asText();
        return switch (node.get("type").asText()) {
            case "Allocated" -> new Allocated(text(node, "orderid"), sku, node.get("qty").asInt(), text(node, "batchref"));
            case "Deallocated" -> new Deallocated(text(node, "orderid"), sku, node.get("qty").asInt());
            case "Backordered" -> new Backordered(text(node, "orderid"), sku, node.get("qty").asInt());
            case "OutOfStock" -> new OutOfStock(sku);
            case "LineCancelled" -> new LineCancelled(text(node, "orderid"), sku, node.get("qty").asInt(), text(node, "batchref"));
            default -> throw new IllegalStateException("Unknown event type in outbox: " + node.get("type"));
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode parse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable outbox payload: " + payload, e);
        }
    }
}
