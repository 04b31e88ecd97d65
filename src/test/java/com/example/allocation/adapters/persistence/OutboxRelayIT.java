package com.example.allocation.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Eventually;
import com.example.allocation.TestDatabases;
import com.example.allocation.TestRedis;
import com.example.allocation.adapters.redis.RedisPublisher;
import com.example.allocation.domain.events.Allocated;
import com.example.allocation.servicelayer.Backoff;
import com.example.allocation.servicelayer.RecordingNotifications;
import com.example.allocation.servicelayer.outbox.ChannelMessage;
import com.example.allocation.servicelayer.outbox.OutboxRelay;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The relay publishing outbox rows to a real Redis, from a real database. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class OutboxRelayIT {

    @Parameter
    TestDatabases.Kind kind;

    private final TestRedis redis = new TestRedis();
    private final RedisClient client = RedisPublisher.client(redis.url());
    private final RedisPublisher publisher = new RedisPublisher(client);
    private Database database;

    @AfterEach
    void stop() {
        publisher.close();
        client.shutdown();
        redis.close();
        if (database != null) {
            database.close();
        }
    }

    @Test
    void outbox_rows_are_published_in_order_over_several_pages_and_forgotten_once_delivered() throws Exception {
        database = TestDatabases.fresh(kind);
        OutboxRelay relay = new OutboxRelay(database.unitsOfWork(), publisher, new RecordingNotifications(),
                new Backoff(2, Duration.ofMillis(10), Duration.ofMillis(20)));
        try (UnitOfWork uow = database.unitsOfWork().start()) {
            for (int i = 1; i <= 1200; i++) {
                uow.outbox().add(new ChannelMessage("line_allocated", new Allocated("order" + i, "LAMP", i, "b1")));
            }
            uow.commit();
        }

        try (TestRedis.Listener listener = redis.listen("line_allocated")) {
            assertThat(relay.relayPending()).isEqualTo(1200);
            listener.await(message -> message.contains("\"order1200\""), Duration.ofSeconds(10));

            ObjectMapper json = new ObjectMapper();
            List<String> orderIds = listener.received().stream().map(message -> {
                try {
                    return json.readTree(message).get("orderid").asText();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
            assertThat(orderIds).hasSize(1200).startsWith("order1", "order2", "order3").endsWith("order1200");
            assertThat(orderIds).isSortedAccordingTo((a, b) -> Integer.compare(Integer.parseInt(a.substring(5)), Integer.parseInt(b.substring(5))));
        }
        assertThat(relay.relayPending()).isZero();
        long rowsLeft = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM outbox").mapTo(Long.class).one());
        assertThat(rowsLeft).isZero();
    }

    @Test
    void a_row_an_older_build_marked_delivered_is_not_sent_again_and_goes_with_the_clean_up() {
        database = TestDatabases.fresh(kind);
        OutboxRelay relay = new OutboxRelay(database.unitsOfWork(), publisher, new RecordingNotifications(),
                new Backoff(2, Duration.ofMillis(10), Duration.ofMillis(20)));
        try (UnitOfWork uow = database.unitsOfWork().start()) {
            uow.outbox().add(new ChannelMessage("line_allocated", new Allocated("order1", "LAMP", 1, "b1")));
            uow.commit();
        }
        database.jdbi().useHandle(handle -> handle.execute("UPDATE outbox SET delivered_at = CURRENT_TIMESTAMP"));

        assertThat(relay.relayPending()).isZero();
        assertThat(relay.deleteDelivered(Duration.ofDays(-1))).isEqualTo(1);
    }

    @Test
    void while_redis_is_down_rows_wait_and_go_out_once_it_is_back() throws Exception {
        database = TestDatabases.fresh(kind);
        OutboxRelay relay = new OutboxRelay(database.unitsOfWork(), publisher, new RecordingNotifications(),
                new Backoff(2, Duration.ofMillis(10), Duration.ofMillis(20)));
        redis.stop();
        try (UnitOfWork uow = database.unitsOfWork().start()) {
            uow.outbox().add(new ChannelMessage("line_allocated", new Allocated("order1", "LAMP", 1, "b1")));
            uow.commit();
        }

        assertThat(relay.relayPending()).isZero();

        redis.start();
        try (TestRedis.Listener listener = redis.listen("line_allocated")) {
            Eventually.await("a relay round delivering the waiting row", Duration.ofSeconds(20), () -> relay.relayPending() == 1);
            assertThat(listener.await(message -> message.contains("order1"), Duration.ofSeconds(5))).contains("\"batchref\":\"b1\"");
        }
    }
}
