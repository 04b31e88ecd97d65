package com.example.allocation.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * Drives {@code POST /allocate} over HTTP/1.1 keep-alive connections, one thread each, every request a new
 * order line; records each latency after the warm-up, and every line the service acknowledged with 202.
 * Plain sockets keep the driver's own CPU cost low: it shares the machine with the service and database.
 */
final class HttpLoad {

    /** Windows of the warm-up curve: allocations acknowledged in each of these, counted from the first request. */
    static final Duration WINDOW = Duration.ofSeconds(5);

    /**
     * @param perSecond acknowledged allocations per second over the measured window (after the warm-up)
     * @param curve acknowledged allocations per second in each {@link #WINDOW} from the first request, warm-up included
     */
    record Result(long requests, long errors, double perSecond, double p50Millis, double p99Millis, List<String> acknowledged,
            double[] curve) {

        /** Allocations per second over the warm-up alone: what a service just started serves. */
        double coldPerSecond(Duration warmup) {
            int windows = (int) (warmup.toNanos() / WINDOW.toNanos());
            return windows == 0 ? Double.NaN : Arrays.stream(curve, 0, Math.min(windows, curve.length)).average().orElse(Double.NaN);
        }

        /** Seconds from the first request to the end of the first window reaching {@code share} of {@code steady}, or NaN. */
        double secondsToReach(double share, double steady) {
            for (int w = 0; w < curve.length; w++) {
                if (curve[w] >= share * steady) {
                    return (w + 1) * WINDOW.toSeconds();
                }
            }
            return Double.NaN;
        }

        /** The sum of several loads run side by side against the same database (two instances). */
        static Result combined(List<Result> parts) {
            int windows = parts.stream().mapToInt(part -> part.curve.length).max().orElse(0);
            double[] curve = new double[windows];
            parts.forEach(part -> Arrays.setAll(curve, w -> curve[w] + (w < part.curve.length ? part.curve[w] : 0)));
            long requests = parts.stream().mapToLong(Result::requests).sum();
            return new Result(requests, parts.stream().mapToLong(Result::errors).sum(),
                    parts.stream().mapToDouble(Result::perSecond).sum(),
                    parts.stream().mapToDouble(Result::p50Millis).max().orElse(Double.NaN),
                    parts.stream().mapToDouble(Result::p99Millis).max().orElse(Double.NaN),
                    parts.stream().flatMap(part -> part.acknowledged.stream()).toList(), curve);
        }
    }

    private HttpLoad() {
    }

    /**
     * @param token the bearer token every request carries, or null for none
     * @param skuFor the SKU of the i-th request of a connection
     * @param checkout whether each line is a checkout — {@code POST /holds}, then {@code POST /holds/{id}/confirm} — rather
     *     than one {@code POST /allocate}; either way it is timed and counted as one allocation
     */
    static Result run(int port, String token, int connections, Duration warmup, Duration measure, String runId,
            IntFunction<String> skuFor, boolean checkout) throws InterruptedException {
        String authorization = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
        long first = System.nanoTime();
        long warmupEnd = first + warmup.toNanos();
        long end = warmupEnd + measure.toNanos();
        List<Worker> workers = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            Worker worker = new Worker(port, authorization, runId + "-" + c, skuFor, checkout, first, warmupEnd, end, done);
            workers.add(worker);
            Thread thread = new Thread(worker, "load-" + c);
            thread.setDaemon(true);
            thread.start();
        }
        done.await();
        long requests = workers.stream().mapToLong(worker -> worker.measured).sum();
        long errors = workers.stream().mapToLong(worker -> worker.errors).sum();
        long[] latencies = workers.stream().flatMapToLong(worker -> Arrays.stream(worker.latencies, 0, worker.count)).sorted().toArray();
        List<String> acknowledged = workers.stream().flatMap(worker -> worker.acknowledged.stream()).toList();
        double[] curve = new double[(int) ((end - first) / WINDOW.toNanos())];
        Arrays.setAll(curve, w -> workers.stream().mapToLong(worker -> worker.perWindow[w]).sum() / (double) WINDOW.toSeconds());
        return new Result(requests, errors, requests / (measure.toNanos() / 1e9),
                percentile(latencies, 0.50), percentile(latencies, 0.99), acknowledged, curve);
    }

    private static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        return sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.ceil(p * sortedNanos.length) - 1)] / 1e6;
    }

    private static final class Worker implements Runnable {

        private final int port;
        private final String authorization;
        private final String prefix;
        private final IntFunction<String> skuFor;
        private final boolean checkout;
        private final long first;
        private final long warmupEnd;
        private final long end;
        private final long[] perWindow;
        private final CountDownLatch done;
        private long[] latencies = new long[1 << 16];
        private int count;
        private long measured;
        private long errors;
        private final List<String> acknowledged = new ArrayList<>();

        Worker(int port, String authorization, String prefix, IntFunction<String> skuFor, boolean checkout, long first, long warmupEnd,
                long end, CountDownLatch done) {
            this.port = port;
            this.authorization = authorization;
            this.prefix = prefix;
            this.skuFor = skuFor;
            this.checkout = checkout;
            this.first = first;
            this.warmupEnd = warmupEnd;
            this.end = end;
            this.perWindow = new long[(int) ((end - first) / WINDOW.toNanos()) + 1];
            this.done = done;
        }

        @Override
        public void run() {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                for (int i = 0; System.nanoTime() < end; i++) {
                    String orderId = prefix + "-" + i;
                    String sku = skuFor.apply(i);
                    long start = System.nanoTime();
                    int status;
                    if (checkout) {
                        status = post(out, in, "/holds", "{\"holdid\":\"" + orderId + "\",\"lines\":[{\"sku\":\"" + sku + "\",\"qty\":1}]}");
                        if (status == 201) {
                            status = post(out, in, "/holds/" + orderId + "/confirm", "{\"orderid\":\"" + orderId + "\"}");
                        }
                    } else {
                        status = post(out, in, "/allocate", "{\"orderid\":\"" + orderId + "\",\"sku\":\"" + sku + "\",\"qty\":1}");
                    }
                    long finished = System.nanoTime();
                    if (status == 202) {
                        acknowledged.add(orderId);
                        perWindow[(int) Math.min(perWindow.length - 1, (finished - first) / WINDOW.toNanos())]++;
                    }
                    if (start >= warmupEnd && finished <= end) {
                        measured++;
                        if (status != 202) {
                            errors++;
                        }
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = finished - start;
                    }
                }
            } catch (IOException e) {
                errors++;
                throw new UncheckedIOException(e);
            } finally {
                done.countDown();
            }
        }

        /** Sends one request on the connection and reads its response; returns its status. */
        private int post(OutputStream out, InputStream in, String path, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + authorization
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readResponse(in);
        }

        /** Reads one response: the status line, headers, and a body of Content-Length bytes. */
        private static int readResponse(InputStream in) throws IOException {
            String statusLine = readLine(in);
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = 0;
            for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
                if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
            }
            in.readNBytes(length);
            return status;
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) {
                    throw new IOException("connection closed mid-response");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }
    }
}
