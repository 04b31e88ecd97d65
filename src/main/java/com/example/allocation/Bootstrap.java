package com.example.allocation;

import com.example.allocation.adapters.logging.LoggingNotifications;
import com.example.allocation.adapters.logging.LoggingPublisher;
import com.example.allocation.adapters.persistence.Database;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.Deallocated;
import com.example.allocation.domain.events.LineCancelled;
import com.example.allocation.domain.events.OutOfStock;
import com.example.allocation.entrypoints.OutboxWorker;
import com.example.allocation.entrypoints.http.Health;
import com.example.allocation.entrypoints.http.HttpApi;
import com.example.allocation.servicelayer.Handlers;
import com.example.allocation.servicelayer.MessageBus;
import com.example.allocation.servicelayer.MessagePublisher;
import com.example.allocation.servicelayer.Notifications;
import com.example.allocation.servicelayer.OutboxRelay;
import com.example.allocation.servicelayer.Retries;
import com.example.allocation.servicelayer.UnitOfWorkFactory;
import com.example.allocation.views.Views;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.Map;

/**
 * The composition root (book chapter 13): builds every part of the service and wires each handler to
 * what it needs, with plain constructors and lambdas, in one place a reader can follow top to bottom.
 * The service and the tests use the same methods, with real adapters or with fakes.
 */
public final class Bootstrap {

    /**
     * @param stockEmail who hears about out-of-stock SKUs
     * @param retries how the bus and the relay retry
     */
    public record Settings(String stockEmail, Retries retries) {

        public static final Settings DEFAULT = new Settings("stock@made.com", Retries.DEFAULT);
    }

    private static final Duration RELAY_POLL_INTERVAL = Duration.ofSeconds(5);
    private static final long HTTP_DRAIN_MILLIS = 30_000;

    private Bootstrap() {
    }

    /**
     * The message bus, with every command and event handler.
     *
     * @param afterCommit what to do once a command has committed: wake the outbox relay (in the service),
     *     or run it in the calling thread (in tests that want deliveries done when {@code handle} returns)
     */
    public static MessageBus bus(UnitOfWorkFactory units, Settings settings, Runnable afterCommit) {
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
                .afterCommit(afterCommit)
                .build();
    }

    /** The relay that delivers the outbox's messages to other systems. */
    public static OutboxRelay relay(UnitOfWorkFactory units, MessagePublisher publisher, Notifications notifications,
            Settings settings) {
        return new OutboxRelay(units, publisher, notifications, settings.retries().deliveries());
    }

    /** Starts the whole service: database (migrated), outbox relay, message bus and HTTP API. */
    public static Service start(Config config) {
        Database database = Database.connect(config.database(), config.databasePoolSize());
        try {
            Settings settings = new Settings(config.stockEmail(), Retries.DEFAULT);
            UnitOfWorkFactory units = database.unitsOfWork();
            OutboxRelay relay = relay(units, new LoggingPublisher(), new LoggingNotifications(), settings);
            OutboxWorker outboxWorker = new OutboxWorker(relay, RELAY_POLL_INTERVAL);
            MessageBus bus = bus(units, settings, outboxWorker::wake);
            HttpApi api = new HttpApi(bus, new Views(database.jdbi()), () -> new Health(database.isReachable(),
                    Map.of("database", database.description())));
            Javalin http = api.server(config.port(), HTTP_DRAIN_MILLIS).start();
            outboxWorker.wake();
            return new Service(http, outboxWorker, database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The running service. Closing it stops taking requests, lets those in flight finish, then lets go of the rest. */
    public record Service(Javalin http, OutboxWorker outboxWorker, Database database) implements AutoCloseable {

        public int port() {
            return http.port();
        }

        @Override
        public void close() {
            http.stop();
            outboxWorker.close();
            database.close();
        }
    }
}
