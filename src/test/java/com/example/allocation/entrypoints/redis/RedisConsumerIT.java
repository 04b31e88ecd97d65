package com.example.allocation.entrypoints.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.CapturedLog;
import com.example.allocation.Eventually;
import com.example.allocation.TestRedis;
import com.example.allocation.adapters.redis.RedisPublisher;
import com.example.allocation.domain.Batch;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.servicelayer.FakeService;
import com.example.allocation.servicelayer.messagebus.Commands;
import com.example.allocation.servicelayer.ports.StorageUnavailable;
import com.example.allocation.servicelayer.writes.Batches;
import com.example.allocation.servicelayer.writes.DirectBus;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inbound channel of docs/spec.md §4 on a real Redis server, driving the bus (with fakes behind it). */
class RedisConsumerIT {

    private final TestRedis redis = new TestRedis();
    private final RedisClient client = RedisPublisher.client(redis.url());
    private final FakeService service = new FakeService();
    private RedisConsumer consumer;

    @BeforeEach
    void seed() {
        service.handle(new CreateBatch("batch1", "SOFA", 100, null));
    }

    @AfterEach
    void stop() {
        consumer.close();
        client.shutdown();
        redis.close();
    }

    private Optional<Integer> purchased() {
        return service.store.product("SOFA").flatMap(product -> product.batch("batch1")).map(Batch::purchasedQuantity);
    }

    private void awaitPurchased(int expected) {
        Eventually.await("batch1 purchased " + expected, Duration.ofSeconds(15), () -> purchased().equals(Optional.of(expected)));
    }

    private void awaitSubscribed() {
        Eventually.await("consumer subscribed", Duration.ofSeconds(15), consumer::isSubscribed);
    }

    @Test
    void a_message_on_change_batch_quantity_becomes_a_command() throws Exception {
        consumer = new RedisConsumer(client, service.direct, List.of(Commands.CHANGE_BATCH_QUANTITY)).start();
        awaitSubscribed();

        redis.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": 42, \"sent_by\": \"warehouse\"}");

        awaitPurchased(42);
    }

    @Test
    void malformed_and_unknown_messages_are_skipped_and_the_next_good_one_is_handled() throws Exception {
        consumer = new RedisConsumer(client, service.direct, List.of(Commands.CHANGE_BATCH_QUANTITY)).start();
        awaitSubscribed();

        redis.publish("change_batch_quantity", "this is not json");
        redis.publish("change_batch_quantity", "[\"batch1\", 5]");
        redis.publish("change_batch_quantity", "{\"qty\": 5}");
        redis.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": \"5\"}");
        redis.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": -5}");
        redis.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": 5.5}");
        redis.publish("change_batch_quantity", "{\"batchref\": \"no-such-batch\", \"qty\": 5}");
        redis.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": 7}");

        awaitPurchased(7);
    }

    @Test
    void a_consumer_started_while_redis_is_down_subscribes_once_it_is_up() throws Exception {
        redis.stop();
        consumer = new RedisConsumer(client, service.direct, List.of(Commands.CHANGE_BATCH_QUANTITY)).start();
        assertThat(consumer.isSubscribed()).isFalse();

        redis.start();
        awaitSubscribed();
        redis.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": 9}");

        awaitPurchased(9);
    }

    @Test
    void the_consumer_subscribes_again_by_itself_after_redis_restarts() throws Exception {
        consumer = new RedisConsumer(client, service.direct, List.of(Commands.CHANGE_BATCH_QUANTITY)).start();
        awaitSubscribed();

        redis.stop();
        redis.start();

        // Until the consumer has subscribed again, a message is lost (Redis pub/sub keeps nothing): send until one lands.
        Eventually.await("a message after the restart handled", Duration.ofSeconds(20), () -> {
            redis.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": 11}");
            return purchased().equals(Optional.of(11));
        });
    }

    @Test
    void a_message_can_neither_forge_a_log_line_nor_flood_the_log() throws Exception {
        try (CapturedLog log = new CapturedLog(RedisConsumer.class)) {
            consumer = new RedisConsumer(client, service.direct, List.of(Commands.CHANGE_BATCH_QUANTITY)).start();
            awaitSubscribed();

            redis.publish("change_batch_quantity", "not json\nWARN  all is well, says a forged line");
            redis.publish("change_batch_quantity", "{\"batchref\": \"batch1\\n\", \"qty\": 5}");
            redis.publish("change_batch_quantity", "x".repeat(10_000_000));
            redis.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": 13}");
            awaitPurchased(13);

            assertThat(log.text().lines()).as("every line one the consumer wrote").allMatch(line -> line.startsWith("WARN ")
                    || line.startsWith("INFO ") || line.startsWith("ERROR "));
            assertThat(log.text()).contains("not json\\nWARN  all is well");
            assertThat(log.text()).contains("larger than 64 KiB").hasSizeLessThan(20_000);
        }
    }

    @Test
    void when_redis_drops_the_subscriber_the_loss_and_the_new_subscription_are_logged_as_warnings_and_counted() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (CapturedLog log = new CapturedLog(RedisConsumer.class)) {
            consumer = new RedisConsumer(client, service.direct, List.of(Commands.CHANGE_BATCH_QUANTITY), meters).start();
            awaitSubscribed();
            redis.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": 15}");
            awaitPurchased(15);
            assertThat(log.text()).as("the first subscription is no loss").doesNotContain("again");

            assertThat(redis.dropSubscribers()).isPositive();

            Eventually.await("the loss and the new subscription logged", Duration.ofSeconds(20),
                    () -> log.text().contains("Lost the subscription") && log.text().contains("again"));
            assertThat(meters.get("allocation.inbound.subscriptions.lost").counter().count()).as("the loss counted").isOne();
            Eventually.await("a message after the new subscription handled", Duration.ofSeconds(20), () -> {
                redis.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": 17}");
                return purchased().equals(Optional.of(17));
            });
        }
    }

    @Test
    void a_message_the_database_cannot_take_right_now_is_applied_once_it_can() throws Exception {
        AtomicInteger outages = new AtomicInteger(2);
        DirectBus databaseAwayTwice = new DirectBus(commands -> {
            if (outages.getAndDecrement() > 0) {
                throw new StorageUnavailable(new IllegalStateException("the database is restarting"));
            }
            return new Batches.Outcome(service.direct.handleTogether(commands), List.of());
        });
        consumer = new RedisConsumer(client, databaseAwayTwice, List.of(Commands.CHANGE_BATCH_QUANTITY)).start();
        awaitSubscribed();

        redis.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": 21}");

        awaitPurchased(21);
        assertThat(outages.get()).as("tried three times: two outages, then applied").isEqualTo(-1);
    }

    @Test
    void a_burst_larger_than_the_queue_is_applied_whole_and_in_order_and_the_last_message_holds() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CountDownLatch databaseBack = new CountDownLatch(1);
        DirectBus slowAtFirst = new DirectBus(commands -> {
            try {
                assertThat(databaseBack.await(60, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new Batches.Outcome(service.direct.handleTogether(commands), List.of());
        });
        consumer = new RedisConsumer(client, slowAtFirst, List.of(Commands.CHANGE_BATCH_QUANTITY), meters).start();
        awaitSubscribed();
        int burst = 2 * RedisConsumer.MAX_WAITING_MESSAGES;

        RedisClient publisher = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = publisher.connect()) {
            connection.setAutoFlushCommands(false);
            RedisAsyncCommands<String, String> async = connection.async();
            for (int sent = 0; sent < burst; sent += 1_000) {
                List<RedisFuture<Long>> pipeline = new ArrayList<>();
                for (int i = sent; i < sent + 1_000; i++) {
                    pipeline.add(async.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": " + (100 + i % 500) + "}"));
                }
                connection.flushCommands();
                for (RedisFuture<Long> published : pipeline) {
                    published.get(10, TimeUnit.SECONDS);
                }
            }
            async.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": 777}");
            connection.flushCommands();
        } finally {
            publisher.shutdown();
        }

        Eventually.await("the queue full, and the rest held by Redis while the subscriber reads no more", Duration.ofSeconds(30),
                () -> meters.get("allocation.inbound.waiting").gauge().value() == RedisConsumer.MAX_WAITING_MESSAGES);
        databaseBack.countDown();

        Eventually.await("every message of the burst applied", Duration.ofSeconds(120),
                () -> inbound(meters, "applied") == burst + 1);
        assertThat(purchased()).as("the last message's quantity").contains(777);
        assertThat(inbound(meters, "skipped")).as("none dropped or skipped").isZero();
    }

    private static double inbound(SimpleMeterRegistry meters, String outcome) {
        return meters.get("allocation.inbound.messages").tag("outcome", outcome).counter().count();
    }
}
