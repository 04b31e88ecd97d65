package com.example.allocation.bench.soak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The load driver's own record of every operation it sent and what came back: the checker judges the service
 * against this, never against the service's own account of what it did.
 */
public final class Journal {

    /** Changes: their latency is bounded by the service's write deadline, and a 2xx is a promise. */
    static final Set<String> WRITES = Set.of("allocate", "deallocate", "add_batch", "raise", "lower", "place_hold",
            "extend_hold", "release_hold", "confirm_hold");

    /** Long enough for an error's reason, short enough that a soak's journal stays small. */
    private static final int DETAIL_LIMIT = 200;

    /**
     * One request and its answer.
     *
     * @param target the order id (allocate, deallocate), hold id (hold kinds), batch reference (add_batch, raise,
     *     lower) or path (read)
     * @param sku the line's SKU; for place_hold every line as {@code SKU:qty,SKU:qty}, so the checker knows what a
     *     confirmation turns into order lines
     * @param qty the line's quantity, the batch's purchased quantity asked for, or a hold's total
     * @param status the HTTP status, 0 when no answer came (refused, reset, timed out): the outcome is unknown
     * @param detail the hold's {@code expires_at} from a 2xx answer, the batch's eta, or the error's text; bounded
     */
    public record Op(String kind, String target, String sku, int qty, int status, long startNanos, long endNanos,
            long startMillis, String detail) {

        public Op {
            if (detail != null && detail.length() > DETAIL_LIMIT) {
                detail = detail.substring(0, DETAIL_LIMIT);
            }
        }

        boolean acknowledged() {
            return status >= 200 && status < 300;
        }

        /** No answer, or the service said it could not tell in time: the change may or may not have been made. */
        boolean indeterminate() {
            return status == 0 || status == 503;
        }

        boolean write() {
            return WRITES.contains(kind);
        }

        long endMillis() {
            return startMillis + (endNanos - startNanos) / 1_000_000;
        }

        long latencyMillis() {
            return (endNanos - startNanos) / 1_000_000;
        }
    }

    private final List<Op> ops = new ArrayList<>();

    public synchronized void record(Op op) {
        ops.add(op);
    }

    /** Every operation so far, in the order they were sent (the monotonic clock, shared by all threads). */
    public synchronized List<Op> ops() {
        List<Op> sorted = new ArrayList<>(ops);
        sorted.sort(Comparator.comparingLong(Op::startNanos));
        return sorted;
    }

    /**
     * When the service was back after a fault: the end of the first write acknowledged after {@code afterMillis},
     * or -1 if none was.
     */
    /**
     * The longest stretch between two acknowledged changes that overlaps {@code [fromMillis, toMillis]}: while faults
     * come together, the time the service, for all its clients, made no change.
     */
    public long longestSilence(long fromMillis, long toMillis) {
        long[] acknowledged = ops().stream().filter(op -> op.write() && op.acknowledged()).mapToLong(Op::endMillis).sorted().toArray();
        long longest = 0;
        for (int i = 1; i < acknowledged.length; i++) {
            if (acknowledged[i] >= fromMillis && acknowledged[i - 1] <= toMillis) {
                longest = Math.max(longest, acknowledged[i] - acknowledged[i - 1]);
            }
        }
        return longest;
    }
}
