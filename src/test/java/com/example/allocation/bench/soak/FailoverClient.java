package com.example.allocation.bench.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * One load thread's client: it talks to one instance and moves to the next when a request gets no answer, as a
 * client behind a simple failover list would. It never repeats a request itself: the journal must show each
 * request's own outcome, and a repeat of an unanswered change is the checker's indeterminate case, not a retry.
 */
final class FailoverClient {

    /** Past the service's worst case (8 s), so a slow answer is measured as slow rather than cut. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration NO_ANSWER_PAUSE = Duration.ofMillis(100);

    record Answer(int status, String body, long startNanos, long endNanos, long startMillis) {
    }

    private final List<String> baseUrls;
    private final HttpClient http;
    private int current;

    FailoverClient(List<String> baseUrls, int first) {
        this.baseUrls = List.copyOf(baseUrls);
        this.current = first % baseUrls.size();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Sends one request; status 0 with the exception as body when no answer came. */
    Answer send(String method, String path, String json) throws InterruptedException {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrls.get(current) + path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").method(method, body).build();
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), start, System.nanoTime(), startMillis);
        } catch (IOException e) {
            long end = System.nanoTime();
            current = (current + 1) % baseUrls.size();
            // As a real client would, wait a moment before the next request: with every instance down, a refused
            // connection comes back at once, and the journal would fill with them.
            Thread.sleep(NO_ANSWER_PAUSE.toMillis());
            return new Answer(0, e.getClass().getSimpleName() + ": " + e.getMessage(), start, end, startMillis);
        }
    }
}
