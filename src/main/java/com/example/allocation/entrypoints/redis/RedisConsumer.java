package com.example.allocation.entrypoints.redis;

import com.example.allocation.entrypoints.redis.MessageBatches.Counters;
import com.example.allocation.entrypoints.redis.MessageBatches.Message;
import com.example.allocation.servicelayer.messagebus.CommandType;
import com.example.allocation.servicelayer.writes.DirectBus;
import com.example.allocation.servicelayer.writes.GroupCommit;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the Redis channels of the commands it is given — the book's {@code change_batch_quantity} — and turns
 * each message into that command for the bus (book chapter 11's redis_eventconsumer). Messages are read tolerantly
 * (book appendix E): unknown keys are ignored; the fields are read by the catalogue of commands' rules, under their
 * Redis names; a message that is not JSON, lacks a key, has one of the wrong type or out of range, or names an
 * unknown batch, is logged with the reason in the catalogue's words and skipped, and the consumer carries on.
 *
 * <p>Messages wait in a queue of {@value #MAX_WAITING_MESSAGES}, off Lettuce's I/O thread, and one thread applies
 * them in the order they came, up to {@value GroupCommit#DEFAULT_MAX_BATCH} in one transaction ({@link MessageBatches}),
 * so a burst drains at the pace of group commit. An accepted message is never dropped: while the queue is full the
 * subscription stops reading — the I/O thread waits for room, so give the consumer a Redis client of its own — and
 * Redis holds what is published meanwhile in its buffer for the subscriber. If Redis drops the subscriber for that
 * buffer ({@code client-output-buffer-limit pubsub}), the loss is logged and counted
 * ({@code allocation_inbound_subscriptions_lost_total}), and the consumer subscribes again.
 *
 * <p>If Redis is down at start-up, it keeps trying to subscribe; once subscribed, Lettuce reconnects and subscribes
 * again by itself after an outage.
 */
public final class RedisConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisConsumer.class);
    private static final long RETRY_SECONDS = 2;
    /** Messages that may wait for their turn; past this, the subscription stops reading until there is room. */
    static final int MAX_WAITING_MESSAGES = 10_000;
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final RedisClient client;
    private final Map<String, CommandType<?>> channels;
    private final MessageBatches batches;
    private final Map<String, Counter> subscriptionsLost = new HashMap<>();
    private final BlockingQueue<Message> waiting = new ArrayBlockingQueue<>(MAX_WAITING_MESSAGES);
    private final Thread applier = new Thread(this::applyWhileOpen, "redis-consumer");
    private final ScheduledExecutorService subscriber = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "redis-subscribe");
        thread.setDaemon(true);
        return thread;
    });
    private volatile StatefulRedisPubSubConnection<String, String> connection;
    private volatile boolean closing;

    public RedisConsumer(RedisClient client, DirectBus bus, List<CommandType<?>> commands) {
        this(client, bus, commands, new CompositeMeterRegistry());
    }

    /**
     * @param client a client of the consumer's own: while the queue is full, its I/O thread waits
     * @param commands the commands to take, each on the channel of its name ({@link CommandType#channel()})
     * @param meters where each message is counted ({@code allocation_inbound_messages_total{channel, outcome}}), the
     *     messages waiting ({@code allocation_inbound_waiting{channel="redis"}}) and each subscription lost
     */
    public RedisConsumer(RedisClient client, DirectBus bus, List<CommandType<?>> commands, MeterRegistry meters) {
        this.client = client;
        this.channels = commands.stream().collect(Collectors.toUnmodifiableMap(CommandType::channel, Function.identity()));
        Map<String, Counters> counters = new HashMap<>();
        channels.keySet().forEach(channel -> {
            counters.put(channel, new Counters(inbound(meters, channel, "applied"), inbound(meters, channel, "skipped")));
            subscriptionsLost.put(channel, Counter.builder("allocation.inbound.subscriptions.lost")
                    .description("Times a Redis subscription was lost: Redis restarted, the network failed, or Redis dropped a "
                            + "subscriber that fell behind").tag("channel", channel).register(meters));
        });
        Gauge.builder("allocation.inbound.waiting", waiting, BlockingQueue::size)
                .description("Inbound messages received and waiting to be applied").tag("channel", "redis").register(meters);
        this.batches = new MessageBatches(bus, channels, counters);
        applier.setDaemon(true);
    }

    private static Counter inbound(MeterRegistry meters, String channel, String outcome) {
        return Counter.builder("allocation.inbound.messages").description("Messages received from other systems, by how they ended")
                .tag("channel", channel).tag("outcome", outcome).register(meters);
    }

    /** Subscribes now, or keeps trying in the background until Redis answers. */
    public RedisConsumer start() {
        applier.start();
        subscriber.execute(this::subscribe);
        return this;
    }

    public boolean isSubscribed() {
        StatefulRedisPubSubConnection<String, String> current = connection;
        return current != null && current.isOpen();
    }

    /** Handles one message of the channel now, in the calling thread, as if it had come in its turn. */
    public void handle(String channel, String message) {
        batches.apply(List.of(new Message(channel, message)));
    }

    private void subscribe() {
        try {
            StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub();
            AtomicBoolean subscribedBefore = new AtomicBoolean();
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    enqueue(new Message(channel, message));
                }

                @Override
                public void subscribed(String channel, long count) {
                    if (subscribedBefore.getAndSet(true)) {
                        log.warn("Subscribed to Redis channel {} again; messages published while the subscription was lost are gone",
                                channel);
                    }
                }
            });
            client.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> disconnected) {
                    if (disconnected == pubSub && !closing) {
                        subscriptionsLost.values().forEach(Counter::increment);
                        log.warn("Lost the subscription to Redis channels {} (Redis restarted, the network failed, or Redis "
                                + "dropped a subscriber that fell behind: {} messages were waiting); subscribing again",
                                channels.keySet(), waiting.size());
                    }
                }
            });
            pubSub.sync().subscribe(channels.keySet().toArray(String[]::new));
            connection = pubSub;
            log.info("Subscribed to Redis channels {}", channels.keySet());
        } catch (RuntimeException e) {
            log.warn("Cannot subscribe to Redis channels {} yet ({}); trying again in {} s", channels.keySet(), reason(e), RETRY_SECONDS);
            subscriber.schedule(this::subscribe, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * Queues a message that Lettuce's I/O thread has read; while the queue is full, that thread waits here, and so
     * reads nothing more from Redis until there is room. Only a consumer that is closing lets a message go.
     */
    private void enqueue(Message message) {
        boolean full = false;
        try {
            while (!waiting.offer(message, 1, TimeUnit.SECONDS)) {
                if (closing) {
                    log.warn("Not applying a {} message received while closing", message.channel());
                    return;
                }
                if (!full) {
                    full = true;
                    log.warn("{} Redis messages are waiting for the database; reading paused until there is room", MAX_WAITING_MESSAGES);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Not applying a {} message: interrupted while waiting for room", message.channel());
        }
    }

    /** Takes what waits, as much as one transaction holds, and applies it; until closed and drained. */
    private void applyWhileOpen() {
        List<Message> batch = new ArrayList<>(GroupCommit.DEFAULT_MAX_BATCH);
        while (!closing || !waiting.isEmpty()) {
            try {
                Message first = waiting.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, GroupCommit.DEFAULT_MAX_BATCH - 1);
                batches.apply(batch);
            } catch (InterruptedException stopping) {
                return;
            } catch (RuntimeException e) {
                log.error("Failed to apply {} Redis messages; they are skipped", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    /** Stops listening, then applies what already waits, for up to ten seconds. */
    @Override
    public void close() {
        closing = true;
        subscriber.shutdownNow();
        StatefulRedisPubSubConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        try {
            applier.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
            if (applier.isAlive()) {
                log.warn("{} Redis messages were still waiting after {} s of closing; they are not applied", waiting.size(),
                        CLOSE_WAIT_SECONDS);
                applier.interrupt();
            }
        } catch (InterruptedException e) {
            applier.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    /** What went wrong, down to the root cause: "unable to connect" alone does not tell a refused password or certificate. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
