package com.example.allocation.entrypoints.http.auth;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One GET of the issuer's JWK set, done within a deadline as a whole — connect, headers and body — and of a
 * bounded size. {@code HttpRequest.timeout} bounds the wait for the headers only, and a read timeout only each
 * read, so a server that trickles its answer a byte at a time would pass both; here the whole exchange is
 * given the deadline, and stopped, its connection let go, when it runs out.
 */
final class JwksDownload {

    private final HttpRequest request;
    private final HttpClient http;
    private final Duration deadline;
    private final int maxBytes;

    /** @throws IllegalArgumentException if {@code url} is not an http(s) URL */
    JwksDownload(URI url, Duration deadline, int maxBytes) {
        this.request = HttpRequest.newBuilder(url)
                .timeout(deadline)
                .header("Accept", "application/jwk-set+json, application/json")
                .GET()
                .build();
        this.http = HttpClient.newBuilder()
                .connectTimeout(deadline)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .proxy(ProxySelector.getDefault())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.deadline = deadline;
        this.maxBytes = maxBytes;
    }

    /** @return the set; or, past the deadline, a {@link TimeoutException}; or why the answer was not one */
    CompletableFuture<JWKSet> start() {
        BoundedBody body = new BoundedBody(maxBytes);
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, body::of);
        CompletableFuture<JWKSet> set = exchange
                .thenApply(response -> parse(response.body()))
                .orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
        set.whenComplete((parsed, failure) -> {
            if (failure != null) {
                body.stop();
                exchange.cancel(true);
            }
        });
        return set;
    }

    private static JWKSet parse(byte[] body) {
        try {
            return JWKSet.parse(new String(body, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IllegalStateException("the answer is not a JWK set");
        }
    }

    /** A response body of at most {@code maxBytes}, from a 200 only, that can be stopped midway. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final int maxBytes;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile Flow.Subscription subscription;
        private volatile int status;

        BoundedBody(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        HttpResponse.BodySubscriber<byte[]> of(HttpResponse.ResponseInfo response) {
            status = response.statusCode();
            return this;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (status != 200) {
                fail(new IOException("the answer was HTTP " + status));
            } else if (result.isDone()) {
                subscription.cancel();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > maxBytes) {
                    fail(new IOException("the answer is larger than " + maxBytes / 1024 + " KiB"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        /** The deadline passed: read no more, and let the connection go. */
        void stop() {
            fail(new TimeoutException("stopped at the deadline"));
        }

        private void fail(Throwable why) {
            result.completeExceptionally(why);
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }
}
