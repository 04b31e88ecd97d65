package com.example.allocation.adapters.persistence;

import com.example.allocation.adapters.EventJson;
import com.example.allocation.servicelayer.outbox.ChannelMessage;
import com.example.allocation.servicelayer.outbox.Notification;
import com.example.allocation.servicelayer.outbox.OutgoingMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** How outgoing messages are stored in the outbox: a kind, a destination and a JSON payload. */
final class OutboxJson {

    private static final String PUBLICATION = "publication";
    private static final String NOTIFICATION = "notification";

    private OutboxJson() {
    }

    static String kind(OutgoingMessage message) {
        return message instanceof ChannelMessage ? PUBLICATION : NOTIFICATION;
    }

    static String payload(OutgoingMessage message) {
        return message instanceof ChannelMessage publication
                ? EventJson.typed(publication.event()).toString()
                : EventJson.MAPPER.createObjectNode().put("text", ((Notification) message).text()).toString();
    }

    /** Whether entries of this kind are messages for people ({@link Notification}s). */
    static boolean toPeople(String kind) {
        return NOTIFICATION.equals(kind);
    }

    static OutgoingMessage message(String kind, String destination, String payload) {
        JsonNode node = parse(payload);
        return switch (kind) {
            case PUBLICATION -> new ChannelMessage(destination, EventJson.read(node));
            case NOTIFICATION -> new Notification(destination, node.get("text").asText());
            default -> throw new IllegalStateException("Unknown outbox entry kind " + kind);
        };
    }

    private static JsonNode parse(String payload) {
        try {
            return EventJson.MAPPER.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable outbox payload: " + payload, e);
        }
    }
}
