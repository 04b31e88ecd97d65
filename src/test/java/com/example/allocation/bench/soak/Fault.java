package com.example.allocation.bench.soak;

/**
 * One fault injected during the soak.
 *
 * @param kind what was done, in a word or two ({@code kill}, {@code postgres-failover}…): the chart's label
 * @param recoveredMillis the first acknowledged write after {@code endMillis} ({@link Journal#firstAcknowledgedWriteAfter}),
 *     or -1 if the service never acknowledged one again
 */
public record Fault(String kind, long startMillis, long endMillis, long recoveredMillis) {
}
