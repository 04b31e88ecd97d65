package com.example.allocation;

import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.Deallocated;
import com.example.allocation.domain.events.LineCancelled;
import com.example.allocation.domain.events.OutOfStock;
import com.example.allocation.servicelayer.Handlers;
import com.example.allocation.servicelayer.MessageBus;
import com.example.allocation.servicelayer.MessagePublisher;
import com.example.allocation.servicelayer.Notifications;
import com.example.allocation.servicelayer.OutboxRelay;
import com.example.allocation.servicelayer.Retries;
import com.example.allocation.servicelayer.UnitOfWorkFactory;
import java.util.concurrent.Executor;

/**
 * The composition root (book chapter 13): builds the message bus and wires each handler to what it
 * needs, with plain constructors and lambdas, in one place a reader can follow top to bottom. The
 * application and the tests call the same method, with real adapters or with fakes.
 */
public final class Bootstrap {

    /**
     * @param stockEmail who hears about out-of-stock SKUs
     * @param retries how the bus and the relay retry
     */
    public record Settings(String stockEmail, Retries retries) {

        public static final Settings DEFAULT = new Settings("stock@made.com", Retries.DEFAULT);
    }

    private Bootstrap() {
    }

    /**
     * @param relayExecutor runs the outbox relay after each command commits: a background thread in the
     *     service, the calling thread in tests that want deliveries to have happened when {@code handle} returns
     */
    public static MessageBus bootstrap(UnitOfWorkFactory units, MessagePublisher publisher,
            Notifications notifications, Executor relayExecutor, Settings settings) {
        OutboxRelay relay = new OutboxRelay(units, publisher, notifications, settings.retries().deliveries());
        return MessageBus.builder(units)
                .command(CreateBatch.class, Handlers::addBatch)
                .command(Allocate.class, Handlers::allocate)
                .command(ChangeBatchQuantity.class, Handlers::changeBatchQuantity)
                .command(Deallocate.class, Handlers::deallocate)
                .event(Allocated.class, "addAllocationToReadModel", Handlers::addAllocationToReadModel)
                .event(Allocated.class, "publishAllocatedEvent", Handlers::publishAllocatedEvent)
                .event(Deallocated.class, "removeAllocationFromReadModel", Handlers::removeAllocationFromReadModel)
                .event(LineCancelled.class, "removeCancelledLineFromReadModel", Handlers::removeCancelledLineFromReadModel)
                .event(OutOfStock.class, "sendOutOfStockNotification",
                        (event, uow) -> Handlers.sendOutOfStockNotification(event, uow, settings.stockEmail()))
                .retries(settings.retries())
                .afterCommit(() -> relayExecutor.execute(relay::relayPending))
                .build();
    }
}
