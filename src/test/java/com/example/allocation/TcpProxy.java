package com.example.allocation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a server, to stand for a network outage between the service and that server
 * while the test itself still talks to the server directly: {@link #cut()} drops every connection and
 * refuses new ones; {@link #restore()} accepts them again, on the same port. {@link #freeze()} is the
 * nastier outage: connections stay open but nothing gets through, as when packets are silently dropped,
 * until {@link #thaw()}.
 */
public final class TcpProxy implements AutoCloseable {

    private final int port = TestRedis.freePort();
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private boolean frozen;

    public TcpProxy(int targetPort) {
        this.targetPort = targetPort;
        restore();
    }

    public int port() {
        return port;
    }

    public synchronized void restore() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "tcp-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** From now on, nothing gets through either way: bytes are held, not delivered, and no connection is closed. */
    public synchronized void freeze() {
        frozen = true;
    }

    /** Lets through what was held, and everything after. */
    public synchronized void thaw() {
        frozen = false;
        notifyAll();
    }

    private synchronized void awaitThaw() throws InterruptedException {
        while (frozen) {
            wait();
        }
    }

    public synchronized void cut() {
        thaw();
        close(listener);
        open.forEach(TcpProxy::close);
        open.clear();
    }

    @Override
    public void close() {
        cut();
    }

    private void accept() {
        ServerSocket socket = listener;
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                try {
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    synchronized (this) {
                        if (socket.isClosed()) {
                            // Cut while this connection was being made: it must not outlive the cut.
                            close(client);
                            close(server);
                            continue;
                        }
                        open.add(client);
                        open.add(server);
                    }
                    pump(client, server);
                    pump(server, client);
                } catch (IOException refused) {
                    // As the target itself would: left open, the client would wait for an answer that never comes.
                    close(client);
                }
            } catch (IOException closed) {
                // cut()
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[8192];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    awaitThaw();
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // one side went away
            } finally {
                close(from);
                close(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // already closed
        }
    }
}
