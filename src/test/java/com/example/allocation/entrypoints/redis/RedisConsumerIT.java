package com.example.allocation.entrypoints.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Eventually;
import com.example.allocation.TestRedis;
import com.example.allocation.adapters.redis.RedisPublisher;
import com.example.allocation.domain.Batch;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.servicelayer.FakeService;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.Optional;
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
        consumer = new RedisConsumer(client, service.bus).start();
        awaitSubscribed();

        redis.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": 42, \"sent_by\": \"warehouse\"}");

        awaitPurchased(42);
    }

    @Test
    void malformed_and_unknown_messages_are_skipped_and_the_next_good_one_is_handled() throws Exception {
        consumer = new RedisConsumer(client, service.bus).start();
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
        consumer = new RedisConsumer(client, service.bus).start();
        assertThat(consumer.isSubscribed()).isFalse();

        redis.start();
        awaitSubscribed();
        redis.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": 9}");

        awaitPurchased(9);
    }

    @Test
    void the_consumer_subscribes_again_by_itself_after_redis_restarts() throws Exception {
        consumer = new RedisConsumer(client, service.bus).start();
        awaitSubscribed();

        redis.stop();
        redis.start();

        // Until the consumer has subscribed again, a message is lost (Redis pub/sub keeps nothing): send until one lands.
        Eventually.await("a message after the restart handled", Duration.ofSeconds(20), () -> {
            redis.publish("change_batch_quantity", "{\"batchref\": \"batch1\", \"qty\": 11}");
            return purchased().equals(Optional.of(11));
        });
    }
}
