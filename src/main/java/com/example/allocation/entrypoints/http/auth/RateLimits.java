package com.example.allocation.entrypoints.http.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A request rate per caller (docs/security.md): a Bucket4j token bucket for each caller, holding up to
 * {@code burst} requests and refilled at {@code perSecond}. Buckets are kept in a bounded Caffeine cache
 * for the callers seen in the last minute, so callers inventing new names cannot make it grow without end.
 */
public final class RateLimits {

    private static final long MAX_CALLERS = 100_000;

    /** A request rate per caller: {@code perSecond} on average, up to {@code burst} at once. */
    public record Settings(int perSecond, int burst) {

        public Settings {
            if (perSecond < 1 || burst < 1) {
                throw new IllegalArgumentException("A rate limit needs at least one request per second and a burst of one");
            }
        }
    }

    private final int perSecond;
    private final int burst;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(MAX_CALLERS)
            .expireAfterAccess(Duration.ofMinutes(1))
            .build();

    public RateLimits(Settings settings) {
        this.perSecond = settings.perSecond();
        this.burst = settings.burst();
    }

    /** @return empty if the caller may go on; otherwise how many seconds until it may try again */
    public OptionalLong take(String caller) {
        ConsumptionProbe probe = buckets.get(caller, key -> Bucket.builder()
                        .addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)))
                        .build())
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
    }

    @Override
    public String toString() {
        return perSecond + " requests a second per caller, bursts of " + burst;
    }
}
