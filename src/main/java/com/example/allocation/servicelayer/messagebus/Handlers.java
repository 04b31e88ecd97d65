package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.domain.DuplicateBatch;
import com.example.allocation.domain.InvalidSku;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.UnknownBatch;
import com.example.allocation.domain.UnknownLine;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.Deallocated;
import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.events.LineCancelled;
import com.example.allocation.domain.events.LineEvent;
import com.example.allocation.domain.events.OutOfStock;
import com.example.allocation.servicelayer.outbox.ChannelMessage;
import com.example.allocation.servicelayer.outbox.Notification;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.util.Optional;

/**
 * The handlers the {@link MessageBus} dispatches to (book chapter 9): one per command, any number per
 * event. Each takes its message, the unit of work, and whatever else it needs; none commits.
 */
public final class Handlers {

    /** The channel other services listen on for allocations (book chapter 11). */
    public static final String LINE_ALLOCATED = "line_allocated";

    private Handlers() {
    }

    public static void addBatch(CreateBatch command, UnitOfWork uow) {
        if (uow.products().getByBatchRef(command.batchRef()).isPresent()) {
            throw new DuplicateBatch(command.batchRef());
        }
        Optional<Product> existing = uow.products().get(command.sku());
        Product product = existing.orElseGet(() -> new Product(command.sku()));
        product.addBatch(command.batchRef(), command.qty(), command.eta());
        if (existing.isEmpty()) {
            uow.products().add(product);
        }
    }

    public static void allocate(Allocate command, UnitOfWork uow) {
        Product product = uow.products().get(command.sku()).orElseThrow(() -> new InvalidSku(command.sku()));
        product.allocate(command.line());
    }

    public static void changeBatchQuantity(ChangeBatchQuantity command, UnitOfWork uow) {
        Product product = uow.products().getByBatchRef(command.batchRef())
                .orElseThrow(() -> new UnknownBatch(command.batchRef()));
        product.changeBatchQuantity(command.batchRef(), command.qty());
    }

    public static void deallocate(Deallocate command, UnitOfWork uow) {
        Product product = uow.products().get(command.sku())
                .orElseThrow(() -> new UnknownLine(command.orderId(), command.sku()));
        product.deallocate(command.orderId());
    }

    public static void addAllocationToReadModel(Allocated event, UnitOfWork uow) {
        uow.readModel().add(event.orderId(), event.sku(), event.batchRef());
    }

    public static void removeAllocationFromReadModel(Deallocated event, UnitOfWork uow) {
        uow.readModel().remove(event.orderId(), event.sku());
    }

    public static void removeCancelledLineFromReadModel(LineCancelled event, UnitOfWork uow) {
        uow.readModel().remove(event.orderId(), event.sku());
    }

    /** Each fact about an order line, into the order's history (the unit of work adds when, why and which request). */
    public static <E extends Event & LineEvent> void addToOrderHistory(E event, UnitOfWork uow) {
        uow.history().record(event.orderId(), event.sku(), event.qty(), event.getClass().getSimpleName(), event.batchRef());
    }

    public static void publishAllocatedEvent(Allocated event, UnitOfWork uow) {
        uow.outbox().add(new ChannelMessage(LINE_ALLOCATED, event));
    }

    /** Every event, for the consumers of the event log that must not miss any (Kafka, docs/asyncapi.yaml). */
    public static void publishToEventLog(Event event, UnitOfWork uow, String topic) {
        uow.outbox().add(new ChannelMessage(topic, event));
    }

    public static void sendOutOfStockNotification(OutOfStock event, UnitOfWork uow, String destination) {
        uow.outbox().add(new Notification(destination, "Out of stock for " + event.sku()));
    }
}
