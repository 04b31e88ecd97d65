package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.domain.Hold;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.ConfirmHold;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.domain.commands.ExpireHold;
import com.example.allocation.domain.commands.ExtendHold;
import com.example.allocation.domain.commands.PlaceHold;
import com.example.allocation.domain.commands.ReleaseHold;
import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.Deallocated;
import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.events.LineCancelled;
import com.example.allocation.domain.events.LineEvent;
import com.example.allocation.domain.events.OutOfStock;
import com.example.allocation.domain.refusals.DuplicateBatch;
import com.example.allocation.domain.refusals.InvalidSku;
import com.example.allocation.domain.refusals.UnknownBatch;
import com.example.allocation.domain.refusals.UnknownHold;
import com.example.allocation.domain.refusals.UnknownLine;
import com.example.allocation.servicelayer.outbox.ChannelMessage;
import com.example.allocation.servicelayer.outbox.Notification;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.time.Duration;
import java.time.Instant;
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

    public static void addBatch(CreateBatch command, UnitOfWork uow, Instant now) {
        if (uow.products().getByBatchRef(command.batchRef()).isPresent()) {
            throw new DuplicateBatch(command.batchRef());
        }
        Optional<Product> existing = uow.products().get(command.sku());
        Product product = existing.orElseGet(() -> new Product(command.sku()));
        product.addBatch(command.batchRef(), command.qty(), command.eta(), now);
        if (existing.isEmpty()) {
            uow.products().add(product);
        }
    }

    public static void allocate(Allocate command, UnitOfWork uow, Instant now) {
        product(uow, command.sku()).allocate(command.line(), now);
    }

    /** A batch that shrinks may take holds with it (rule 16): each is lost as a whole, on every product it held stock of. */
    public static void changeBatchQuantity(ChangeBatchQuantity command, UnitOfWork uow, Instant now) {
        Product product = uow.products().getByBatchRef(command.batchRef())
                .orElseThrow(() -> new UnknownBatch(command.batchRef()));
        for (String lost : product.changeBatchQuantity(command.batchRef(), command.qty(), now)) {
            uow.holds().get(lost).orElseThrow(() -> new IllegalStateException(product.sku() + " held stock for no hold " + lost))
                    .lose(product.sku(), now, sku -> product(uow, sku));
        }
    }

    public static void deallocate(Deallocate command, UnitOfWork uow, Instant now) {
        Product product = uow.products().get(command.sku())
                .orElseThrow(() -> new UnknownLine(command.orderId(), command.sku()));
        product.deallocate(command.orderId(), now);
    }

    /** A new hold; the same one again changes nothing (rule 11). {@code defaultTtl}: how long it lasts if not said. */
    public static void placeHold(PlaceHold command, UnitOfWork uow, Instant now, Duration defaultTtl) {
        Optional<Hold> existing = uow.holds().get(command.holdId());
        if (existing.isPresent()) {
            existing.get().placedAgain(command.lines());
            return;
        }
        Duration ttl = command.ttlSeconds() == null ? defaultTtl : Duration.ofSeconds(command.ttlSeconds());
        uow.holds().add(Hold.place(command.holdId(), command.lines(), ttl, now, sku -> product(uow, sku)));
    }

    public static void extendHold(ExtendHold command, UnitOfWork uow, Instant now) {
        hold(uow, command.holdId()).extend(Duration.ofSeconds(command.ttlSeconds()), now, sku -> product(uow, sku));
    }

    public static void releaseHold(ReleaseHold command, UnitOfWork uow, Instant now) {
        hold(uow, command.holdId()).release(now, sku -> product(uow, sku));
    }

    public static void confirmHold(ConfirmHold command, UnitOfWork uow, Instant now) {
        hold(uow, command.holdId()).confirm(command.orderId(), now, sku -> product(uow, sku));
    }

    public static void expireHold(ExpireHold command, UnitOfWork uow, Instant now) {
        hold(uow, command.holdId()).expire(now, sku -> product(uow, sku));
    }

    private static Product product(UnitOfWork uow, String sku) {
        return uow.products().get(sku).orElseThrow(() -> new InvalidSku(sku));
    }

    private static Hold hold(UnitOfWork uow, String holdId) {
        return uow.holds().get(holdId).orElseThrow(() -> new UnknownHold(holdId));
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
