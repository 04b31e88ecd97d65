package com.example.allocation.entrypoints.redis;

import com.example.allocation.domain.AllocationException;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.entrypoints.JsonCommands;
import com.example.allocation.servicelayer.messagebus.CommandBus;
import com.example.allocation.servicelayer.messagebus.CommandType;
import com.example.allocation.servicelayer.messagebus.Field;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import com.example.allocation.servicelayer.ports.StorageTimeout;
import com.example.allocation.servicelayer.ports.StorageUnavailable;
import com.example.allocation.servicelayer.writes.ServiceBusy;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Listens on the Redis channels of the commands it is given — the book's {@code change_batch_quantity} — and turns
 * each message into that command for the bus (book chapter 11's redis_eventconsumer). Messages are read tolerantly
 * (book appendix E): unknown keys are ignored; the fields are read by the catalogue of commands' rules, under their
 * Redis names; a message that is not JSON, lacks a key, has one of the wrong type or out of range, or names an
 * unknown batch, is logged with the reason in the catalogue's words and skipped, and the consumer carries on.
 *
 * <p>A message the database cannot take right now (unreachable, stalled, too busy) is tried again every
 * second for up to 30 seconds, the later ones waiting behind it; at most {@value #MAX_WAITING_MESSAGES} wait,
 * and past that a message is dropped with a warning (Redis pub/sub keeps nothing for a slow consumer either).
 *
 * <p>If Redis is down at start-up, it keeps trying to subscribe; once subscribed, Lettuce reconnects and
 * subscribes again by itself after an outage. Messages are handled one at a time, in the order they came,
 * off Lettuce's I/O thread.
 */
public final class RedisConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisConsumer.class);
    /** No command of ours needs more; anything larger is refused before it is parsed. */
    static final int MAX_MESSAGE_LENGTH = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxNumberLength(32).build())
            .build());
    private static final long RETRY_SECONDS = 2;
    /** A message the database cannot take right now is tried again, this often, this far apart. */
    private static final int TRANSIENT_ATTEMPTS = 30;
    private static final Duration TRANSIENT_PAUSE = Duration.ofSeconds(1);
    /** Messages that may wait for the one in hand; past this, Redis is sending faster than the database takes them. */
    static final int MAX_WAITING_MESSAGES = 10_000;

    private final RedisClient client;
    private final CommandBus bus;
    private final Map<String, CommandType<?>> channels;
    private final Map<String, Counter> applied = new HashMap<>();
    private final Map<String, Counter> skipped = new HashMap<>();
    private final ExecutorService handler;
    private final ScheduledExecutorService subscriber =
            Executors.newSingleThreadScheduledExecutor(runnable -> thread(runnable, "redis-subscribe"));
    private volatile StatefulRedisPubSubConnection<String, String> connection;
    private volatile boolean closing;

    public RedisConsumer(RedisClient client, CommandBus bus, List<CommandType<?>> commands) {
        this(client, bus, commands, new CompositeMeterRegistry());
    }

    /**
     * @param commands the commands to take, each on the channel of its name ({@link CommandType#channel()})
     * @param meters where each message is counted: {@code allocation_inbound_messages_total{channel, outcome}}
     */
    public RedisConsumer(RedisClient client, CommandBus bus, List<CommandType<?>> commands, MeterRegistry meters) {
        this.client = client;
        this.bus = bus;
        this.channels = commands.stream().collect(Collectors.toUnmodifiableMap(CommandType::channel, Function.identity()));
        channels.keySet().forEach(channel -> {
            applied.put(channel, inbound(meters, channel, "applied"));
            skipped.put(channel, inbound(meters, channel, "skipped"));
        });
        this.handler = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_WAITING_MESSAGES), runnable -> thread(runnable, "redis-consumer"),
                (dropped, executor) -> {
                    Message message = (Message) dropped;
                    skipped.get(message.channel()).increment();
                    log.warn("Dropping a {} message: {} are already waiting for the database", message.channel(),
                            MAX_WAITING_MESSAGES);
                });
    }

    private static Counter inbound(MeterRegistry meters, String channel, String outcome) {
        return Counter.builder("allocation.inbound.messages").description("Messages received from other systems, by how they ended")
                .tag("channel", channel).tag("outcome", outcome).register(meters);
    }

    /** A message waiting for its turn, as a task of the single thread that handles them in order. */
    private record Message(String channel, Runnable handling) implements Runnable {

        @Override
        public void run() {
            handling.run();
        }
    }

    /** Subscribes now, or keeps trying in the background until Redis answers. */
    public RedisConsumer start() {
        subscriber.execute(this::subscribe);
        return this;
    }

    public boolean isSubscribed() {
        StatefulRedisPubSubConnection<String, String> current = connection;
        return current != null && current.isOpen();
    }

    private void subscribe() {
        try {
            StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub();
            AtomicBoolean subscribedBefore = new AtomicBoolean();
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    handler.execute(new Message(channel, () -> handle(channel, message)));
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
                        log.warn("Lost the subscription to Redis channel {} (Redis restarted, the network failed, or Redis "
                                + "dropped a subscriber that fell behind); subscribing again", channels.keySet());
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
     * Turns one message into a command, or logs why it cannot and skips it. Each message gets an id of its own,
     * in every line logged about it and in every message its change sends out ({@code correlation_id}).
     */
    public void handle(String channel, String message) {
        Origin origin = Origin.UNAUTHENTICATED.correlatedBy(Origin.newCorrelationId());
        MDC.put(Origin.LOG_KEY, origin.correlationId());
        try {
            handle(channel, message, origin);
        } finally {
            MDC.remove(Origin.LOG_KEY);
        }
    }

    private void handle(String channel, String message, Origin origin) {
        Counter skipped = this.skipped.get(channel);
        Command command;
        try {
            command = parse(channels.get(channel), message);
        } catch (IllegalArgumentException malformed) {
            skipped.increment();
            log.warn("Skipping malformed {} message ({}): {}", channel, malformed.getMessage(), message);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                bus.handle(command, origin);
                applied.get(channel).increment();
                log.info("Handled {} from Redis", command);
                return;
            } catch (AllocationException refused) {
                skipped.increment();
                log.warn("Skipping {} message ({}): {}", channel, refused.getMessage(), message);
                return;
            } catch (StorageUnavailable | StorageTimeout | ServiceBusy | ConcurrencyConflict notNow) {
                // Nothing was changed, and a moment later it may well work: wait here, so that later messages
                // stay behind this one, but not for ever.
                if (attempt == TRANSIENT_ATTEMPTS) {
                    skipped.increment();
                    log.error("Skipping {} message after {} attempts over {} s ({}): {}", channel, attempt,
                            attempt * TRANSIENT_PAUSE.toSeconds(), notNow.getMessage(), message);
                    return;
                }
                log.warn("Could not apply {} message yet ({}); trying again in {} s", channel,
                        notNow.getMessage(), TRANSIENT_PAUSE.toSeconds());
                if (!pause()) {
                    skipped.increment();
                    return;
                }
            } catch (RuntimeException e) {
                skipped.increment();
                log.error("Failed to handle {} message {}; skipped", channel, message, e);
                return;
            }
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(TRANSIENT_PAUSE.toMillis());
            return true;
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Command parse(CommandType<?> type, String message) {
        if (message.length() > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("larger than " + MAX_MESSAGE_LENGTH / 1024 + " KiB (" + message.length() + " characters)");
        }
        JsonNode json;
        try {
            json = JSON.readTree(message);
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException("nested too deeply, or a number too long");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return JsonCommands.decode(type, json, Field::redisName);
    }

    /** Stops listening, and lets the message in hand finish. */
    @Override
    public void close() {
        closing = true;
        subscriber.shutdownNow();
        StatefulRedisPubSubConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        handler.shutdown();
        try {
            if (!handler.awaitTermination(10, TimeUnit.SECONDS)) {
                handler.shutdownNow();
            }
        } catch (InterruptedException e) {
            handler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static Thread thread(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
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
