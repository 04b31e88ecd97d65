package com.example.allocation.adapters.redis;

import com.example.allocation.adapters.EventJson;
import com.example.allocation.servicelayer.outbox.ChannelMessage;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import com.example.allocation.servicelayer.ports.MessagePublisher;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes events on Redis pub/sub channels (book chapter 11's redis_eventpublisher), as JSON under the
 * reference application's field names plus {@code message_id}, for receivers to drop duplicates, and
 * {@code requested_by}: who asked for the change (null when no caller was authenticated), and
 * {@code correlation_id}: the id of the request that caused it (its {@code X-Request-Id}).
 *
 * <p>It fails fast rather than waiting while Redis is away: the relay keeps the message in the outbox
 * and tries again later. The connection is made on first use and re-made by Lettuce after an outage,
 * so Redis may be down when the service starts.
 */
public final class RedisPublisher implements MessagePublisher, AutoCloseable {

    /** How long a command waits for Redis's reply. */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    public RedisPublisher(RedisClient client) {
        this.client = client;
    }

    /** A client that fails commands at once while disconnected, and gives up on a reply after two seconds. */
    public static RedisClient client(String url) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(REPLY_TIMEOUT);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        return client;
    }

    @Override
    public void publish(OutboxEntry entry) {
        connection().sync().publish(channel(entry), message(entry));
    }

    /**
     * Sends every entry before waiting for any reply (one connection keeps them in order), then waits for the
     * replies in turn, all of them within {@link #REPLY_TIMEOUT} of the last send: one round trip's wait per page of
     * the outbox rather than one per message, and a Redis that answers slowly holds a page no longer than one reply.
     */
    @Override
    public int publishAll(List<OutboxEntry> entries) {
        RedisAsyncCommands<String, String> redis = connection().async();
        List<RedisFuture<Long>> replies = new ArrayList<>(entries.size());
        for (OutboxEntry entry : entries) {
            replies.add(redis.publish(channel(entry), message(entry)));
        }
        long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
        for (int i = 0; i < replies.size(); i++) {
            try {
                replies.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return notTaken(i, e);
            } catch (ExecutionException | TimeoutException e) {
                return notTaken(i, e);
            }
        }
        return entries.size();
    }

    /** What {@link #publishAll} reports when the reply to entry {@code i} did not come: the count before it, or why. */
    private static int notTaken(int i, Exception why) {
        if (i == 0) {
            throw new RedisException("Redis did not take the message: " + why, why);
        }
        return i;
    }

    private static String channel(OutboxEntry entry) {
        return ((ChannelMessage) entry.message()).channel();
    }

    private static String message(OutboxEntry entry) {
        return EventJson.fields(((ChannelMessage) entry.message()).event()).put("message_id", entry.messageId().toString())
                .put("requested_by", entry.origin().requestedBy()).put("correlation_id", entry.origin().correlationId()).toString();
    }

    public synchronized boolean isConnected() {
        return connection != null && connection.isOpen();
    }

    private synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null) {
            connection = client.connect();
        }
        return connection;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
