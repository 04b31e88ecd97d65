package com.example.allocation.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link OrderLines} held in memory: the lines of a product created in this unit of work, and of fakes. */
public final class InMemoryOrderLines implements OrderLines {

    private final Map<String, AcceptedLine> byOrderId = new HashMap<>();

    public InMemoryOrderLines() {
    }

    public InMemoryOrderLines(Collection<AcceptedLine> lines) {
        lines.forEach(this::put);
    }

    @Override
    public Optional<AcceptedLine> find(String orderId) {
        return Optional.ofNullable(byOrderId.get(orderId));
    }

    @Override
    public Optional<AcceptedLine> newestAllocatedTo(String batchRef) {
        return byOrderId.values().stream()
                .filter(line -> batchRef.equals(line.batchRef()))
                .max(Comparator.comparingLong(AcceptedLine::sequence));
    }

    @Override
    public Optional<AcceptedLine> oldestBackorderedOfAtMost(int maxQty) {
        return byOrderId.values().stream()
                .filter(line -> line.isBackordered() && line.qty() <= maxQty)
                .min(Comparator.comparingLong(AcceptedLine::sequence));
    }

    @Override
    public void put(AcceptedLine line) {
        byOrderId.put(line.orderId(), line);
    }

    @Override
    public void remove(String orderId) {
        byOrderId.remove(orderId);
    }

    @Override
    public List<AcceptedLine> all() {
        return byOrderId.values().stream().sorted(Comparator.comparingLong(AcceptedLine::sequence)).toList();
    }
}
