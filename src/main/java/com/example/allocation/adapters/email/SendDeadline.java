package com.example.allocation.adapters.email;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.mail.MessagingException;
import javax.net.SocketFactory;

/**
 * A deadline for sending one email as a whole. The mail library bounds each read and write, but a server that
 * answers a byte at a time never lets one run out, and would hold the outbox relay — and every other destination's
 * messages behind it — for as long as it trickles. So the sockets of a send are made here (the library's
 * {@code socketFactory}; TLS is layered on top of them, so closing them ends TLS too), and a watchdog closes them
 * when the deadline passes, which ends whatever read or write is waiting.
 */
final class SendDeadline extends SocketFactory {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "smtp-deadline");
        thread.setDaemon(true);
        return thread;
    });

    /** The sockets of the send running in this thread, if one is. */
    private final ThreadLocal<List<Socket>> current = new ThreadLocal<>();
    private final Duration limit;

    SendDeadline(Duration limit) {
        this.limit = limit;
    }

    /** What a send under the deadline does; it may fail as the mail library does. */
    @FunctionalInterface
    interface Send {
        void run() throws MessagingException;
    }

    /**
     * Runs the send with its sockets closed when the deadline passes.
     *
     * @throws MessagingException the send's failure; when it ran out of time, one that says so
     */
    void run(Send send) throws MessagingException {
        List<Socket> sockets = new CopyOnWriteArrayList<>();
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            expired.set(true);
            sockets.forEach(SendDeadline::closeQuietly);
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        current.set(sockets);
        try {
            send.run();
        } catch (MessagingException e) {
            if (expired.get()) {
                throw new MessagingException("the mail server did not take the email within " + limit.toSeconds() + " s", e);
            }
            throw e;
        } finally {
            watchdog.cancel(false);
            current.remove();
        }
    }

    @Override
    public Socket createSocket() {
        return watched(new Socket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return watched(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return watched(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return watched(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return watched(new Socket(address, port, localAddress, localPort));
    }

    private Socket watched(Socket socket) {
        List<Socket> sockets = current.get();
        if (sockets != null) {
            sockets.add(socket);
        }
        return socket;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all the watchdog wants; a socket that will not close has nothing left to wait on
        }
    }
}
