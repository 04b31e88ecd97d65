package com.example.allocation.servicelayer;

import com.example.allocation.domain.Hold;
import com.example.allocation.domain.OrderLine;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import com.example.allocation.servicelayer.outbox.OutgoingMessage;
import com.example.allocation.servicelayer.ports.HoldRepository;
import com.example.allocation.servicelayer.ports.Inbox;
import com.example.allocation.servicelayer.ports.OrderHistory;
import com.example.allocation.servicelayer.ports.Outbox;
import com.example.allocation.servicelayer.ports.ProductRepository;
import com.example.allocation.servicelayer.ports.ReadModelWriter;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A unit of work over a {@link FakeStore}. Its writes are buffered and reach the store only if it commits;
 * a nested one passes its writes up to its parent on commit, and drops them on close otherwise.
 */
public final class FakeUnitOfWork implements UnitOfWork {

    private final FakeStore store;
    private final FakeUnitOfWork parent;
    private final Map<Product, Long> seen;
    private final Map<Hold, Long> seenHolds;
    private final Origin origin;
    private final List<Consumer<FakeStore.Writer>> writes = new ArrayList<>();
    private final Set<String> appliedHere = new HashSet<>();

    FakeUnitOfWork(FakeStore store) {
        this(store, null, new IdentityHashMap<>(), new IdentityHashMap<>(), Origin.UNAUTHENTICATED);
    }

    private FakeUnitOfWork(FakeStore store, FakeUnitOfWork parent, Map<Product, Long> seen, Map<Hold, Long> seenHolds,
            Origin origin) {
        this.store = store;
        this.parent = parent;
        this.seen = seen;
        this.seenHolds = seenHolds;
        this.origin = origin;
    }

    @Override
    public ProductRepository products() {
        return new ProductRepository() {
            @Override
            public void add(Product product) {
                seen.put(product, -1L);
            }

            @Override
            public Optional<Product> get(String sku) {
                return cached(product -> product.sku().equals(sku)).or(() -> track(store.product(sku)));
            }

            @Override
            public void prefetch(Collection<OrderLine> lines) {
                store.prefetched(lines); // a map in memory has nothing to read ahead; remembered for the tests
            }

            @Override
            public Optional<Product> getByBatchRef(String batchRef) {
                return cached(product -> product.batch(batchRef).isPresent())
                        .or(() -> track(store.productWithBatch(batchRef)));
            }
        };
    }

    private Optional<Product> cached(Predicate<Product> wanted) {
        return seen.keySet().stream().filter(wanted).findFirst();
    }

    @Override
    public HoldRepository holds() {
        return new HoldRepository() {
            @Override
            public void add(Hold hold) {
                seenHolds.put(hold, -1L);
            }

            @Override
            public Optional<Hold> get(String holdId) {
                Optional<Hold> cached = seenHolds.keySet().stream().filter(hold -> hold.holdId().equals(holdId)).findFirst();
                if (cached.isPresent()) {
                    return cached;
                }
                Optional<Hold> loaded = store.hold(holdId);
                loaded.ifPresent(hold -> seenHolds.put(hold, hold.version()));
                return loaded;
            }

            @Override
            public List<String> expiredBy(Instant now, int limit) {
                return store.expiredHolds(now, limit);
            }
        };
    }

    private Optional<Product> track(Optional<Product> loaded) {
        loaded.ifPresent(product -> seen.put(product, product.version()));
        return loaded;
    }

    @Override
    public ReadModelWriter readModel() {
        return new ReadModelWriter() {
            @Override
            public void add(String orderId, String sku, String batchRef) {
                writes.add(writer -> writer.allocate(orderId, sku, batchRef));
            }

            @Override
            public void remove(String orderId, String sku) {
                writes.add(writer -> writer.deallocate(orderId, sku));
            }
        };
    }

    @Override
    public Outbox outbox() {
        return new Outbox() {
            @Override
            public void add(OutgoingMessage message) {
                // As the outbox table keeps it: who asked and in which request; the cause is the history's.
                Origin stored = new Origin(origin.requestedBy(), origin.correlationId());
                writes.add(writer -> writer.addToOutbox(message, stored));
            }

            @Override
            public List<OutboxEntry> pending(long afterId, int limit) {
                return store.pending(afterId, limit);
            }

            @Override
            public boolean becomeRelay() {
                return true;
            }

            @Override
            public void delivered(Collection<Long> ids) {
                List<Long> copy = List.copyOf(ids);
                writes.add(writer -> writer.delivered(copy));
            }

            /** The fake has no clock: every delivered message counts as old enough. */
            @Override
            public List<Backlog> backlog() {
                return store.backlog();
            }

            @Override
            public int deleteDeliveredBefore(Instant cutoff) {
                writes.add(FakeStore.Writer::deleteDelivered);
                return store.deliveredCount();
            }
        };
    }

    @Override
    public OrderHistory history() {
        return (orderId, sku, qty, type, batchRef) -> writes.add(writer -> writer.addToHistory(
                new FakeStore.HistoryEntry(orderId, sku, qty, type, batchRef, origin.cause(), origin.correlationId())));
    }

    @Override
    public Inbox inbox() {
        return new Inbox() {
            @Override
            public boolean contains(String messageId) {
                return appliedHere.contains(messageId) || store.applied(messageId);
            }

            @Override
            public void add(String messageId) {
                appliedHere.add(messageId);
                writes.add(writer -> writer.addToInbox(messageId));
            }

            @Override
            public int forgetBefore(Instant cutoff) {
                return 0;
            }
        };
    }

    @Override
    public List<Event> collectNewEvents() {
        return seen.keySet().stream().flatMap(product -> product.pullEvents().stream()).toList();
    }

    @Override
    public UnitOfWork nested(Origin inner) {
        return new FakeUnitOfWork(store, this, seen, seenHolds, inner);
    }

    @Override
    public void commit() {
        if (parent != null) {
            parent.writes.addAll(writes);
        } else {
            Map<Product, Long> changed = new IdentityHashMap<>();
            seen.forEach((product, loadedVersion) -> {
                if (product.version() != loadedVersion) {
                    changed.put(product, loadedVersion);
                }
            });
            Map<Hold, Long> changedHolds = new IdentityHashMap<>();
            seenHolds.forEach((hold, loadedVersion) -> {
                if (loadedVersion < 0 || hold.version() != loadedVersion) {
                    changedHolds.put(hold, loadedVersion);
                }
            });
            store.commit(changed, changedHolds, writes);
        }
        writes.clear();
    }

    @Override
    public void close() {
        writes.clear();
    }
}
