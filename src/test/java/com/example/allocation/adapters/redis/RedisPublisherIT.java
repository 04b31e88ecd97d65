package com.example.allocation.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.TestRedis;
import com.example.allocation.domain.events.Allocated;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.outbox.ChannelMessage;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisPublisherIT {

    private final TestRedis redis = new TestRedis();
    private final RedisClient client = RedisPublisher.client(redis.url());
    private final RedisPublisher publisher = new RedisPublisher(client);

    @AfterEach
    void stop() {
        publisher.close();
        client.shutdown();
        redis.close();
    }

    @Test
    void an_allocation_is_published_with_the_reference_fields_a_message_id_and_who_asked_for_it() throws Exception {
        UUID messageId = UUID.randomUUID();
        try (TestRedis.Listener listener = redis.listen("line_allocated")) {
            publisher.publish(new OutboxEntry(1, messageId, new ChannelMessage("line_allocated",
                    new Allocated("order1", "RED-CHAIR", 10, "batch1")), Origin.requestedBy("order-service"), Instant.now()));

            JsonNode message = new ObjectMapper().readTree(listener.await(m -> true, Duration.ofSeconds(5)));

            assertThat(message.get("orderid").asText()).isEqualTo("order1");
            assertThat(message.get("sku").asText()).isEqualTo("RED-CHAIR");
            assertThat(message.get("qty").asInt()).isEqualTo(10);
            assertThat(message.get("batchref").asText()).isEqualTo("batch1");
            assertThat(message.get("message_id").asText()).isEqualTo(messageId.toString());
            assertThat(message.get("requested_by").asText()).isEqualTo("order-service");
        }
        assertThat(publisher.isConnected()).isTrue();
    }

    @Test
    void publishing_while_redis_is_down_fails_at_once_so_the_outbox_keeps_the_message() {
        redis.stop();
        long start = System.nanoTime();

        assertThatThrownBy(() -> publisher.publish(new OutboxEntry(1, UUID.randomUUID(),
                new ChannelMessage("line_allocated", new Allocated("o", "S", 1, "b")), Origin.UNAUTHENTICATED, Instant.now())))
                .isInstanceOf(RuntimeException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        redis.start();
    }

    @Test
    void a_page_of_allocations_is_published_all_at_once_in_order() throws Exception {
        List<OutboxEntry> page = IntStream.range(0, 200).mapToObj(i -> new OutboxEntry(i, UUID.randomUUID(),
                new ChannelMessage("line_allocated", new Allocated("order-" + i, "RED-CHAIR", 1, "batch1")),
                Origin.UNAUTHENTICATED, Instant.now())).toList();
        try (TestRedis.Listener listener = redis.listen("line_allocated")) {
            assertThat(publisher.publishAll(page)).isEqualTo(200);

            listener.await(m -> m.contains("\"order-199\""), Duration.ofSeconds(5));
            ObjectMapper json = new ObjectMapper();
            List<String> received = new ArrayList<>();
            for (String message : listener.received()) {
                received.add(json.readTree(message).get("message_id").asText());
            }
            assertThat(received).containsExactlyElementsOf(page.stream().map(entry -> entry.messageId().toString()).toList());
        }
    }

    @Test
    void a_page_published_while_redis_is_down_fails_as_a_whole_so_the_outbox_keeps_it_all() {
        List<OutboxEntry> page = IntStream.range(0, 3).mapToObj(i -> new OutboxEntry(i, UUID.randomUUID(),
                new ChannelMessage("line_allocated", new Allocated("o" + i, "S", 1, "b")), Origin.UNAUTHENTICATED, Instant.now())).toList();
        redis.stop();

        assertThatThrownBy(() -> publisher.publishAll(page)).isInstanceOf(RuntimeException.class);
        redis.start();
    }
}
