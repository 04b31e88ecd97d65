package com.example.allocation.servicelayer;

import com.example.allocation.domain.Batch;
import com.example.allocation.domain.Hold;
import com.example.allocation.domain.InMemoryOrderLines;
import com.example.allocation.domain.OrderLine;
import com.example.allocation.domain.Product;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.outbox.Notification;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import com.example.allocation.servicelayer.outbox.OutgoingMessage;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import com.example.allocation.servicelayer.ports.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What a database would hold, in memory: committed products, the read model and the outbox. Units of
 * work get copies of products and write back at commit, checking versions as the real repository does,
 * so that rollbacks and concurrency conflicts behave as they would against a database. Thread-safe.
 */
public final class FakeStore {

    private final Map<String, Product> products = new HashMap<>();
    private final Map<String, Hold> holds = new HashMap<>();
    private final Map<String, String> allocations = new LinkedHashMap<>();
    private final List<OutboxEntry> outbox = new ArrayList<>();
    private final List<HistoryEntry> history = new ArrayList<>();

    /** One fact of an order's history, as committed: what happened, why (the command in words) and in which request. */
    public record HistoryEntry(String orderId, String sku, int qty, String type, String batchRef, String cause,
            String requestId) {
    }

    /** The order's history, oldest first. */
    public synchronized List<HistoryEntry> history(String orderId) {
        return history.stream().filter(entry -> entry.orderId().equals(orderId)).toList();
    }
    private final Set<String> applied = new HashSet<>();
    private final List<Long> delivered = new ArrayList<>();
    private long nextOutboxId = 1;
    private int commits;

    public FakeUnitOfWork start() {
        return new FakeUnitOfWork(this);
    }

    /** A copy of the committed product: what a fresh unit of work would load. */
    public synchronized Optional<Product> product(String sku) {
        return Optional.ofNullable(products.get(sku)).map(FakeStore::copy);
    }

    /** A copy of the committed hold. */
    public synchronized Optional<Hold> hold(String holdId) {
        return Optional.ofNullable(holds.get(holdId)).map(FakeStore::copy);
    }

    synchronized List<String> expiredHolds(Instant now, int limit) {
        return holds.values().stream().filter(hold -> hold.recordedStatus() == Hold.Status.ACTIVE && !now.isBefore(hold.expiresAt()))
                .sorted(Comparator.comparing(Hold::expiresAt)).limit(limit).map(Hold::holdId).toList();
    }

    synchronized Optional<Product> productWithBatch(String batchRef) {
        return products.values().stream().filter(product -> product.batch(batchRef).isPresent()).findFirst().map(FakeStore::copy);
    }

    /** The read model: the batch each allocated (order id, SKU) line sits in. */
    public synchronized Optional<String> allocation(String orderId, String sku) {
        return Optional.ofNullable(allocations.get(key(orderId, sku)));
    }

    public synchronized int allocationCount() {
        return allocations.size();
    }

    public synchronized List<OutboxEntry> outbox() {
        return List.copyOf(outbox);
    }

    public synchronized List<OutboxEntry> undelivered() {
        return outbox.stream().filter(entry -> !delivered.contains(entry.id())).toList();
    }

    public synchronized boolean applied(String messageId) {
        return applied.contains(messageId);
    }

    synchronized int deliveredCount() {
        return (int) outbox.stream().filter(entry -> delivered.contains(entry.id())).count();
    }

    public synchronized int commits() {
        return commits;
    }

    /** The lines that units of work were told, ahead, that their commands would read. */
    private final List<List<OrderLine>> prefetches = new ArrayList<>();

    synchronized void prefetched(Collection<OrderLine> lines) {
        prefetches.add(List.copyOf(lines));
    }

    public synchronized List<List<OrderLine>> prefetches() {
        return List.copyOf(prefetches);
    }

    synchronized List<Outbox.Backlog> backlog() {
        Map<String, List<OutboxEntry>> byDestination = undelivered().stream()
                .collect(Collectors.groupingBy(entry -> entry.message().destination(), LinkedHashMap::new, Collectors.toList()));
        return byDestination.values().stream().map(entries -> new Outbox.Backlog(entries.get(0).message().destination(),
                entries.get(0).message() instanceof Notification, entries.size(), entries.get(0).recordedAt())).toList();
    }

    synchronized List<OutboxEntry> pending(long afterId, int limit) {
        return undelivered().stream().filter(entry -> entry.id() > afterId).limit(limit).toList();
    }

    /** Saves the changed products and holds, if no one changed them since they were loaded, and applies the writes. */
    synchronized void commit(Map<Product, Long> changedProducts, Map<Hold, Long> changedHolds, Collection<Consumer<Writer>> writes) {
        changedProducts.forEach((product, loadedVersion) -> {
            Product stored = products.get(product.sku());
            long storedVersion = stored == null ? -1 : stored.version();
            if (storedVersion != loadedVersion) {
                throw ConcurrencyConflict.onProduct(product.sku());
            }
        });
        changedHolds.forEach((hold, loadedVersion) -> {
            Hold stored = holds.get(hold.holdId());
            long storedVersion = stored == null ? -1 : stored.version();
            if (storedVersion != loadedVersion) {
                throw ConcurrencyConflict.onHold(hold.holdId());
            }
        });
        changedProducts.keySet().forEach(product -> products.put(product.sku(), copy(product)));
        changedHolds.keySet().forEach(hold -> holds.put(hold.holdId(), copy(hold)));
        Writer writer = new Writer();
        writes.forEach(write -> write.accept(writer));
        commits++;
    }

    /** Writes a unit of work makes at commit, under the store's lock. */
    final class Writer {

        void allocate(String orderId, String sku, String batchRef) {
            allocations.put(key(orderId, sku), batchRef);
        }

        void deallocate(String orderId, String sku) {
            allocations.remove(key(orderId, sku));
        }

        void addToOutbox(OutgoingMessage message, Origin origin) {
            outbox.add(new OutboxEntry(nextOutboxId++, UUID.randomUUID(), message, origin, Instant.now()));
        }

        void addToHistory(HistoryEntry entry) {
            history.add(entry);
        }

        void addToInbox(String messageId) {
            applied.add(messageId);
        }

        void delivered(Collection<Long> ids) {
            delivered.addAll(ids);
        }

        void deleteDelivered() {
            outbox.removeIf(entry -> delivered.contains(entry.id()));
        }
    }

    private static String key(String orderId, String sku) {
        return orderId + "\u0000" + sku;
    }

    private static Product copy(Product product) {
        List<Batch> batches = product.batchesInCreationOrder().stream()
                .map(batch -> new Batch(batch.batchRef(), batch.sku(), batch.purchasedQuantity(),
                        batch.eta().orElse(null), batch.allocatedQuantity()))
                .toList();
        return new Product(product.sku(), product.version(), batches, new InMemoryOrderLines(product.lines()), product.held(),
                product.lastSequence());
    }

    private static Hold copy(Hold hold) {
        return new Hold(hold.holdId(), hold.lines(), hold.expiresAt(), hold.recordedStatus(), hold.orderId().orElse(null),
                hold.version());
    }
}
