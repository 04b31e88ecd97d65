package com.example.allocation.adapters.redis;

import com.example.allocation.servicelayer.Publication;
import com.example.allocation.servicelayer.OutboxEntry;
import com.example.allocation.adapters.EventJson;
import com.example.allocation.servicelayer.MessagePublisher;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

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

    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    public RedisPublisher(RedisClient client) {
        this.client = client;
    }

    /** A client that fails commands at once while disconnected, and gives up on a reply after two seconds. */
    public static RedisClient client(String url) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(Duration.ofSeconds(2));
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        return client;
    }

    @Override
    public void publish(OutboxEntry entry) {
        Publication publication = (Publication) entry.message();
        String message = EventJson.fields(publication.event()).put("message_id", entry.messageId().toString())
                .put("requested_by", entry.origin().requestedBy()).put("correlation_id", entry.origin().correlationId()).toString();
        connection().sync().publish(publication.channel(), message);
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
