package com.example.allocation.adapters.csv;

import com.example.allocation.domain.AcceptedLine;
import com.example.allocation.domain.Batch;
import com.example.allocation.domain.InMemoryOrderLines;
import com.example.allocation.domain.Hold;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import com.example.allocation.servicelayer.outbox.OutgoingMessage;
import com.example.allocation.servicelayer.ports.Inbox;
import com.example.allocation.servicelayer.ports.OrderHistory;
import com.example.allocation.servicelayer.ports.Outbox;
import com.example.allocation.servicelayer.ports.HoldRepository;
import com.example.allocation.servicelayer.ports.ProductRepository;
import com.example.allocation.servicelayer.ports.ReadModelWriter;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A unit of work over a {@link CsvFolder} (book appendix C): it works on copies of the folder's products and hands
 * them back on commit; closing it uncommitted drops them. The files are the read model (allocations.csv is written
 * from the products), and a planner's run sends nothing to anyone, so the read model, outbox, inbox and history it
 * offers the handlers write nowhere.
 */
final class CsvUnitOfWork implements UnitOfWork {

    private final CsvFolder folder;
    private final Map<String, Product> working;
    private final List<Product> loaded;
    private final boolean nested;

    CsvUnitOfWork(CsvFolder folder) {
        this(folder, new LinkedHashMap<>(), new ArrayList<>(), false);
        folder.products().forEach((sku, product) -> working.put(sku, copy(product)));
    }

    private CsvUnitOfWork(CsvFolder folder, Map<String, Product> working, List<Product> loaded, boolean nested) {
        this.folder = folder;
        this.working = working;
        this.loaded = loaded;
        this.nested = nested;
    }

    /** A planner's folder has no checkout holds, and its files have no place for one: none is found, none can be added. */
    @Override
    public HoldRepository holds() {
        return new HoldRepository() {
            @Override
            public void add(Hold hold) {
                throw new IllegalStateException("A CSV folder keeps no checkout holds");
            }

            @Override
            public Optional<Hold> get(String holdId) {
                return Optional.empty();
            }

            @Override
            public List<String> expiredBy(Instant now, int limit) {
                return List.of();
            }
        };
    }

    @Override
    public ProductRepository products() {
        return new ProductRepository() {
            @Override
            public void add(Product product) {
                working.put(product.sku(), product);
                loaded.add(product);
            }

            @Override
            public Optional<Product> get(String sku) {
                return Optional.ofNullable(working.get(sku)).map(this::seen);
            }

            @Override
            public Optional<Product> getByBatchRef(String batchRef) {
                return working.values().stream().filter(product -> product.batch(batchRef).isPresent()).findFirst().map(this::seen);
            }

            private Product seen(Product product) {
                if (!loaded.contains(product)) {
                    loaded.add(product);
                }
                return product;
            }
        };
    }

    @Override
    public ReadModelWriter readModel() {
        return new ReadModelWriter() {
            @Override
            public void add(String orderId, String sku, String batchRef) {
            }

            @Override
            public void remove(String orderId, String sku) {
            }
        };
    }

    @Override
    public Outbox outbox() {
        return new Outbox() {
            @Override
            public void add(OutgoingMessage message) {
            }

            @Override
            public boolean becomeRelay() {
                return false;
            }

            @Override
            public List<OutboxEntry> pending(long afterId, int limit) {
                return List.of();
            }

            @Override
            public void delivered(Collection<Long> ids) {
            }

            @Override
            public int deleteDeliveredBefore(Instant cutoff) {
                return 0;
            }

            @Override
            public List<Backlog> backlog() {
                return List.of();
            }
        };
    }

    @Override
    public Inbox inbox() {
        return new Inbox() {
            @Override
            public boolean contains(String messageId) {
                return false;
            }

            @Override
            public void add(String messageId) {
            }

            @Override
            public int forgetBefore(Instant cutoff) {
                return 0;
            }
        };
    }

    @Override
    public OrderHistory history() {
        return (orderId, sku, qty, type, batchRef) -> { };
    }

    @Override
    public List<Event> collectNewEvents() {
        List<Event> events = new ArrayList<>();
        loaded.forEach(product -> events.addAll(product.pullEvents()));
        return events;
    }

    /** Its writes go nowhere (above), so a nested unit of work shares this one's products and commits nothing itself. */
    @Override
    public UnitOfWork nested(Origin origin) {
        return new CsvUnitOfWork(folder, working, loaded, true);
    }

    @Override
    public void commit() {
        if (!nested) {
            folder.commit(working);
        }
    }

    @Override
    public void close() {
    }

    private static Product copy(Product product) {
        List<Batch> batches = product.batchesInCreationOrder().stream().map(batch -> new Batch(batch.batchRef(), batch.sku(),
                batch.purchasedQuantity(), batch.eta().orElse(null), batch.allocatedQuantity())).toList();
        List<AcceptedLine> lines = product.lines();
        return new Product(product.sku(), product.version(), batches, new InMemoryOrderLines(lines), product.held(),
                product.lastSequence());
    }
}
