package com.example.allocation;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import redis.embedded.RedisServer;

/**
 * A real Redis server for tests (embedded-redis ships the binary), on a free port of its own. It can be
 * stopped and started again on the same port, to stand for an outage.
 */
public final class TestRedis implements AutoCloseable {

    private final int port;
    private RedisServer server;

    public TestRedis() {
        this.port = freePort();
        start();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized void start() {
        try {
            server = new RedisServer(port);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Redis server on port " + port, e);
        }
    }

    /** Stops the server, and returns only once its port refuses connections: a real outage from then on. */
    public synchronized void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Eventually.await("Redis on port " + port + " refusing connections after stopping", () -> {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return false;
            } catch (IOException refused) {
                return true;
            }
        });
    }

    @Override
    public void close() {
        stop();
    }

    /** Publishes a message, as another service would. */
    public void publish(String channel, String message) {
        RedisClient client = RedisClient.create(url());
        try (var connection = client.connect()) {
            connection.sync().publish(channel, message);
        } finally {
            client.shutdown();
        }
    }

    /**
     * Disconnects every subscriber, as Redis does to one whose output buffer overflows (a consumer that fell
     * behind); returns how many it dropped.
     */
    public long dropSubscribers() {
        RedisClient client = RedisClient.create(url());
        try (var connection = client.connect()) {
            return connection.sync().clientKill(KillArgs.Builder.typePubsub());
        } finally {
            client.shutdown();
        }
    }

    /** Starts listening on the channel, as another service would. */
    public Listener listen(String channel) {
        return new Listener(RedisClient.create(url()), channel);
    }

    /** Messages received on one channel. */
    public static final class Listener implements AutoCloseable {

        private final RedisClient client;
        private final StatefulRedisPubSubConnection<String, String> connection;
        private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        private Listener(RedisClient client, String channel) {
            this.client = client;
            this.connection = client.connectPubSub();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    messages.add(message);
                }
            });
            connection.sync().subscribe(channel);
        }

        /** The first message, received within {@code timeout}, that matches; or an assertion error naming what did arrive. */
        public String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (String message : seen) {
                if (wanted.test(message)) {
                    return message;
                }
            }
            while (System.nanoTime() < deadline) {
                String message = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (message != null) {
                    seen.add(message);
                    if (wanted.test(message)) {
                        return message;
                    }
                }
            }
            throw new AssertionError("No matching message within " + timeout + "; received " + seen);
        }

        /** Everything received so far. */
        public List<String> received() {
            messages.drainTo(seen);
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
