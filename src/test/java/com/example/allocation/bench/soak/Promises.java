package com.example.allocation.bench.soak;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the journal allows each line, hold and batch to be at the end. A 2xx answer narrows the possibilities to
 * what it promised; a request that got no answer or a {@code 503} widens them to "made or not"; a {@code 4xx}
 * leaves them as they were. Each thread acts only on its own ids and batches, so a target's requests are in the
 * journal in the order the service received them.
 */
final class Promises {

    record LineKey(String orderId, String sku) {
    }

    /** What a line may be: absent, or stored with one of these quantities. */
    static final class LineFate {
        boolean mayBeAbsent = true;
        final Set<Integer> quantities = new HashSet<>();
    }

    enum HoldState { ABSENT, ACTIVE, RELEASED, CONFIRMED }

    /** What a hold may be, and, while it may be active, the expiries an answer gave it (any, if one went unanswered). */
    static final class HoldFate {
        final Set<HoldState> states = EnumSet.of(HoldState.ABSENT);
        final Set<String> expiries = new HashSet<>();
        boolean anyExpiry;
    }

    /** What a batch may be: absent, or stored with one of these purchased quantities. */
    static final class BatchFate {
        boolean mayBeAbsent = true;
        String sku;
        final Set<Integer> purchased = new HashSet<>();
    }

    final Map<LineKey, LineFate> lines = new LinkedHashMap<>();
    final Map<String, HoldFate> holds = new LinkedHashMap<>();
    final Map<String, BatchFate> batches = new LinkedHashMap<>();
    /** Every line a 2xx ever acknowledged, deallocated since or not: each must have been announced. */
    final Set<LineKey> acknowledgedLines = new HashSet<>();
    private final Map<String, Map<String, Integer>> holdLines = new HashMap<>();

    static Promises of(List<Journal.Op> ops) {
        Promises promises = new Promises();
        ops.forEach(promises::apply);
        return promises;
    }

    private void apply(Journal.Op op) {
        switch (op.kind()) {
            case "allocate" -> placeLine(new LineKey(op.target(), op.sku()), op.qty(), op);
            case "deallocate" -> {
                LineFate fate = lines.computeIfAbsent(new LineKey(op.target(), op.sku()), key -> new LineFate());
                if (op.acknowledged()) {
                    fate.quantities.clear();
                }
                fate.mayBeAbsent |= op.acknowledged() || op.indeterminate();
            }
            case "place_hold" -> placeHold(op);
            case "extend_hold", "release_hold", "confirm_hold" -> changeHold(op);
            case "add_batch", "raise", "lower" -> setBatch(op);
            case "read" -> {
            }
            default -> throw new IllegalArgumentException("Unknown kind of operation " + op.kind());
        }
    }

    private void placeLine(LineKey key, int qty, Journal.Op op) {
        LineFate fate = lines.computeIfAbsent(key, k -> new LineFate());
        if (op.acknowledged()) {
            fate.mayBeAbsent = false;
            fate.quantities.clear();
            fate.quantities.add(qty);
            acknowledgedLines.add(key);
        } else if (op.indeterminate()) {
            fate.quantities.add(qty);
        }
    }

    private void placeHold(Journal.Op op) {
        Map<String, Integer> held = new LinkedHashMap<>();
        for (String line : op.sku().split(",")) {
            String[] skuAndQty = line.split(":");
            held.put(skuAndQty[0], Integer.parseInt(skuAndQty[1]));
        }
        holdLines.put(op.target(), held);
        HoldFate fate = holds.computeIfAbsent(op.target(), id -> new HoldFate());
        if (op.acknowledged()) {
            fate.states.clear();
            fate.states.add(HoldState.ACTIVE);
            fate.expiries.clear();
            fate.expiries.add(op.detail());
            fate.anyExpiry = op.detail() == null;
        } else if (op.indeterminate()) {
            fate.states.add(HoldState.ACTIVE);
            fate.anyExpiry = true;
        }
    }

    private void changeHold(Journal.Op op) {
        HoldFate fate = holds.computeIfAbsent(op.target(), id -> new HoldFate());
        if (!op.acknowledged() && !op.indeterminate()) {
            return;
        }
        HoldState after = switch (op.kind()) {
            case "extend_hold" -> HoldState.ACTIVE;
            case "release_hold" -> HoldState.RELEASED;
            default -> HoldState.CONFIRMED;
        };
        if (after == HoldState.ACTIVE && op.indeterminate() && !fate.states.contains(HoldState.ACTIVE)) {
            return;
        }
        if (op.acknowledged()) {
            fate.states.clear();
        }
        fate.states.add(after);
        if (after == HoldState.ACTIVE) {
            if (op.acknowledged()) {
                fate.expiries.clear();
                fate.expiries.add(op.detail());
            }
            fate.anyExpiry = op.indeterminate() || op.detail() == null;
        }
        if (after == HoldState.CONFIRMED) {
            String orderId = op.target() + "-order";
            holdLines.getOrDefault(op.target(), Map.of()).forEach((sku, qty) -> placeLine(new LineKey(orderId, sku), qty, op));
        }
    }

    private void setBatch(Journal.Op op) {
        BatchFate fate = batches.computeIfAbsent(op.target(), ref -> new BatchFate());
        fate.sku = op.sku();
        boolean exists = op.acknowledged() || (op.kind().equals("add_batch") && op.status() == 409);
        if (exists) {
            fate.mayBeAbsent = false;
            fate.purchased.clear();
            fate.purchased.add(op.qty());
        } else if (op.indeterminate()) {
            fate.purchased.add(op.qty());
        }
    }
}
