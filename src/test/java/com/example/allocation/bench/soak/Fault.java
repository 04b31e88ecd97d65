package com.example.allocation.bench.soak;

/**
 * One fault injected during the soak.
 *
 * @param kind what was done, in a word or two ({@code kill-instance}, {@code failover}…): the chart's label
 * @param endMillis when it had been applied and healed: the thing itself back (the instance ready, the server
 *     taking writes, the link restored)
 * @param silentMillis the longest the service went without acknowledging any change around it ({@link
 *     Journal#longestSilence}): what the fault cost its clients
 */
public record Fault(String kind, long startMillis, long endMillis, long silentMillis) {
}
