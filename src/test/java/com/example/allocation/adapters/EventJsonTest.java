package com.example.allocation.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.Backordered;
import com.example.allocation.domain.events.BatchCreated;
import com.example.allocation.domain.events.BatchQuantityChanged;
import com.example.allocation.domain.events.Deallocated;
import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.events.HoldPlaced;
import com.example.allocation.domain.events.HoldReleased;
import com.example.allocation.domain.events.LineCancelled;
import com.example.allocation.domain.events.OutOfStock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wire format of every event (docs/asyncapi.yaml), pinned: a new event must be added here, and a rename of a Java
 * field that would change what other services read fails here.
 */
class EventJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One of each event, and what it must look like on the wire. */
    private static final Map<Event, String> WIRE = Map.ofEntries(Map.entry(
            new Allocated("o1", "LAMP", 2, "b1"), "{\"orderid\":\"o1\",\"sku\":\"LAMP\",\"qty\":2,\"batchref\":\"b1\"}"),
            Map.entry(new Deallocated("o1", "LAMP", 2, "b1"), "{\"orderid\":\"o1\",\"sku\":\"LAMP\",\"qty\":2,\"batchref\":\"b1\"}"),
            Map.entry(new Backordered("o1", "LAMP", 2), "{\"orderid\":\"o1\",\"sku\":\"LAMP\",\"qty\":2}"),
            Map.entry(new LineCancelled("o1", "LAMP", 2, null), "{\"orderid\":\"o1\",\"sku\":\"LAMP\",\"qty\":2,\"batchref\":null}"),
            Map.entry(new BatchCreated("b1", "LAMP", 10, LocalDate.of(2026, 12, 24)),
                    "{\"batchref\":\"b1\",\"sku\":\"LAMP\",\"qty\":10,\"eta\":\"2026-12-24\"}"),
            Map.entry(new BatchQuantityChanged("b1", "LAMP", 8), "{\"batchref\":\"b1\",\"sku\":\"LAMP\",\"qty\":8}"),
            Map.entry(new OutOfStock("LAMP"), "{\"sku\":\"LAMP\"}"),
            Map.entry(new HoldPlaced("cart-42", "LAMP", 2, "b1", Instant.parse("2026-12-24T10:15:00Z")),
                    "{\"holdid\":\"cart-42\",\"sku\":\"LAMP\",\"qty\":2,\"batchref\":\"b1\",\"expiresat\":\"2026-12-24T10:15:00Z\"}"),
            Map.entry(new HoldReleased("cart-42", "LAMP", 2, "b1", "expired"),
                    "{\"holdid\":\"cart-42\",\"sku\":\"LAMP\",\"qty\":2,\"batchref\":\"b1\",\"reason\":\"expired\"}"));

    @Test
    void every_event_of_the_family_has_its_wire_format_pinned_here() {
        assertThat(WIRE.keySet().stream().map(Object::getClass).toList())
                .containsExactlyInAnyOrder(Event.class.getPermittedSubclasses());
    }

    @Test
    void every_event_is_written_under_the_names_other_services_read() throws Exception {
        for (Map.Entry<Event, String> event : WIRE.entrySet()) {
            assertThat(EventJson.fields(event.getKey())).as(event.getKey().toString()).isEqualTo(JSON.readTree(event.getValue()));
        }
    }

    @Test
    void every_event_written_with_its_type_reads_back_as_the_same_event() {
        for (Event event : WIRE.keySet()) {
            JsonNode typed = EventJson.typed(event);
            assertThat(typed.get("type").asText()).isEqualTo(event.getClass().getSimpleName());
            assertThat(EventJson.read(typed)).isEqualTo(event);
        }
    }

    @Test
    void a_warehouse_batch_is_written_with_a_null_eta() {
        assertThat(EventJson.fields(new BatchCreated("b1", "LAMP", 10, null)).get("eta").isNull()).isTrue();
        assertThat(Arrays.stream(Event.class.getPermittedSubclasses()).map(Class::getSimpleName)).doesNotHaveDuplicates();
    }
}
