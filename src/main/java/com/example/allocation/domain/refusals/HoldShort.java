package com.example.allocation.domain.refusals;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A hold, or the confirmation of an expired one, that cannot have all its lines from stock free now: nothing was held
 * or allocated. It names the lines that fall short, each with what it could have had.
 */
public final class HoldShort extends AllocationException {

    /**
     * A line that falls short: {@code available} is the largest quantity a line of this SKU could have now — on any
     * batch for a new hold, on the batch it was held on for a confirmation.
     */
    public record Shortfall(String sku, int qty, int available) {
    }

    private final transient List<Shortfall> shortfalls;

    public HoldShort(String holdId, List<Shortfall> shortfalls) {
        super("Not enough free stock for hold " + holdId + ": " + shortfalls.stream()
                .map(line -> line.sku() + " " + line.qty() + " wanted, " + line.available() + " free")
                .collect(Collectors.joining("; ")));
        this.shortfalls = List.copyOf(shortfalls);
    }

    public List<Shortfall> shortfalls() {
        return shortfalls;
    }
}
