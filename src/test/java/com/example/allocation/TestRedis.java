package com.example.allocation;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SslOptions;
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
import redis.embedded.core.RedisServerBuilder;

/**
 * A real Redis server for tests (embedded-redis ships the binary), on a free port of its own. It can be
 * stopped and started again on the same port, to stand for an outage. It may require a user and password
 * (an ACL user; the default user switched off) and speak TLS only.
 */
public final class TestRedis implements AutoCloseable {

    private final int port;
    private final String user;
    private final String password;
    private final TestCertificate tls;
    private RedisServer server;

    public TestRedis() {
        this(null, null, null);
    }

    private TestRedis(String user, String password, TestCertificate tls) {
        this.port = freePort();
        this.user = user;
        this.password = password;
        this.tls = tls;
        start();
    }

    /** A Redis that lets in only {@code user} with {@code password}. */
    public static TestRedis withUser(String user, String password) {
        return new TestRedis(user, password, null);
    }

    /** A Redis that lets in only {@code user} with {@code password}, over TLS with {@code certificate}. */
    public static TestRedis withUserOverTls(String user, String password, TestCertificate certificate) {
        return new TestRedis(user, password, certificate);
    }

    /** What a client is given to connect: scheme, credentials, address. */
    public String url() {
        return (tls == null ? "redis://" : "rediss://") + (user == null ? "" : user + ":" + password + "@") + "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized void start() {
        try {
            RedisServerBuilder builder = RedisServer.newRedisServer().setting("save \"\"");
            if (tls == null) {
                builder.port(port);
            } else {
                builder.port(0).setting("tls-port " + port).setting("tls-cert-file " + tls.certificatePem())
                        .setting("tls-key-file " + tls.privateKeyPem()).setting("tls-auth-clients no");
            }
            if (user != null) {
                builder.setting("user default off").setting("user " + user + " on >" + password + " ~* &* +@all");
            }
            server = builder.build();
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
        RedisClient client = client();
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
        RedisClient client = client();
        try (var connection = client.connect()) {
            return connection.sync().clientKill(KillArgs.Builder.typePubsub());
        } finally {
            client.shutdown();
        }
    }

    /** Starts listening on the channel, as another service would. */
    public Listener listen(String channel) {
        return new Listener(client(), channel);
    }

    /** A client of the test's own, trusting the test certificate. */
    private RedisClient client() {
        RedisClient client = RedisClient.create(url());
        if (tls != null) {
            client.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder()
                    .truststore(tls.trustStore().toFile(), tls.password()).build()).build());
        }
        return client;
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
