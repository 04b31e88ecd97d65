package com.example.allocation.adapters;

import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.Backordered;
import com.example.allocation.domain.events.BatchCreated;
import com.example.allocation.domain.events.BatchQuantityChanged;
import com.example.allocation.domain.events.Deallocated;
import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.events.LineCancelled;
import com.example.allocation.domain.events.OutOfStock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;

/**
 * Events as JSON, under the field names other services read (book chapter 11: {@code orderid}, {@code sku},
 * {@code qty}, {@code batchref}). Written field by field, so the wire format never follows a rename of a
 * domain class's Java names.
 */
public final class EventJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {
    }

    /** The event's fields, without its type: what a {@code line_allocated} message carries. */
    public static ObjectNode fields(Event event) {
        ObjectNode node = MAPPER.createObjectNode();
        if (event instanceof Allocated allocated) {
            node.put("orderid", allocated.orderId()).put("sku", allocated.sku()).put("qty", allocated.qty())
                    .put("batchref", allocated.batchRef());
        } else if (event instanceof Deallocated deallocated) {
            node.put("orderid", deallocated.orderId()).put("sku", deallocated.sku()).put("qty", deallocated.qty())
                    .put("batchref", deallocated.batchRef());
        } else if (event instanceof Backordered backordered) {
            node.put("orderid", backordered.orderId()).put("sku", backordered.sku()).put("qty", backordered.qty());
        } else if (event instanceof BatchCreated created) {
            node.put("sku", created.sku()).put("batchref", created.batchRef()).put("qty", created.qty())
                    .put("eta", created.eta() == null ? null : created.eta().toString());
        } else if (event instanceof BatchQuantityChanged changed) {
            node.put("sku", changed.sku()).put("batchref", changed.batchRef()).put("qty", changed.qty());
        } else if (event instanceof LineCancelled cancelled) {
            node.put("orderid", cancelled.orderId()).put("sku", cancelled.sku()).put("qty", cancelled.qty())
                    .put("batchref", cancelled.batchRef());
        } else {
            node.put("sku", event.sku());
        }
        return node;
    }

    /** The event's fields and its type, so that it can be read back with {@link #read(JsonNode)}. */
    public static ObjectNode typed(Event event) {
        return fields(event).put("type", event.getClass().getSimpleName());
    }

    public static Event read(JsonNode node) {
        String sku = node.get("sku").asText();
        return switch (node.get("type").asText()) {
            case "Allocated" -> new Allocated(text(node, "orderid"), sku, node.get("qty").asInt(), text(node, "batchref"));
            case "Deallocated" -> new Deallocated(text(node, "orderid"), sku, node.get("qty").asInt(), text(node, "batchref"));
            case "Backordered" -> new Backordered(text(node, "orderid"), sku, node.get("qty").asInt());
            case "OutOfStock" -> new OutOfStock(sku);
            case "BatchCreated" -> new BatchCreated(text(node, "batchref"), sku, node.get("qty").asInt(),
                    text(node, "eta") == null ? null : LocalDate.parse(text(node, "eta")));
            case "BatchQuantityChanged" -> new BatchQuantityChanged(text(node, "batchref"), sku, node.get("qty").asInt());
            case "LineCancelled" -> new LineCancelled(text(node, "orderid"), sku, node.get("qty").asInt(), text(node, "batchref"));
            default -> throw new IllegalArgumentException("Unknown event type " + node.get("type"));
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
