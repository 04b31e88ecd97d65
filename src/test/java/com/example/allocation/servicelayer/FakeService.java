package com.example.allocation.servicelayer;

import com.example.allocation.servicelayer.messagebus.CommandBus;
import com.example.allocation.servicelayer.messagebus.CommandHandler;
import com.example.allocation.servicelayer.messagebus.Handlers;
import com.example.allocation.servicelayer.messagebus.MessageBus;
import com.example.allocation.servicelayer.outbox.OutboxRelay;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import com.example.allocation.servicelayer.Backoff;
import com.example.allocation.servicelayer.writes.Retries;

import com.example.allocation.Bootstrap;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import java.time.Duration;

/**
 * The service as {@link Bootstrap} wires it, on fakes: the bus tests drive it with commands and look at
 * the store, the publisher and the notifications. The outbox is relayed in the calling thread, so what
 * a command sends out has been delivered by the time {@code handle} returns.
 */
public final class FakeService {

    /** Retries with waits of a millisecond or two, so tests of failures stay fast. */
    public static final Retries FAST = new Retries(
            new Backoff(20, Duration.ofMillis(1), Duration.ofMillis(2)),
            new Backoff(3, Duration.ofMillis(1), Duration.ofMillis(2)),
            new Backoff(2, Duration.ofMillis(1), Duration.ofMillis(2)));

    public final FakeStore store = new FakeStore();
    public final RecordingPublisher publisher = new RecordingPublisher();
    public final RecordingNotifications notifications = new RecordingNotifications();
    private final Bootstrap.Settings settings;
    private final OutboxRelay relay;
    public final CommandBus bus;

    public FakeService() {
        this(null);
    }

    /** The same, publishing every event on {@code eventsTopic} too, as with Kafka configured. */
    public FakeService(String eventsTopic) {
        settings = new Bootstrap.Settings("stock@made.com", FAST, Bootstrap.Settings.DEFAULT.groupCommit(), eventsTopic);
        relay = Bootstrap.relay(store::start, publisher, notifications, settings);
        bus = Bootstrap.commands(store::start, settings, relay::relayPending);
    }

    /** A bus with the service's command handlers and no event handlers, for tests of the bus itself. */
    public static MessageBus.Builder commandsOnly(UnitOfWorkFactory units) {
        return commandsOnly(units, Handlers::allocate);
    }

    /** The same, allocating with {@code allocate}: a test's stand-in that breaks on purpose. */
    public static MessageBus.Builder commandsOnly(UnitOfWorkFactory units, CommandHandler<Allocate> allocate) {
        return MessageBus.builder(units)
                .command(CreateBatch.class, Handlers::addBatch)
                .command(Allocate.class, allocate)
                .command(ChangeBatchQuantity.class, Handlers::changeBatchQuantity)
                .command(Deallocate.class, Handlers::deallocate)
                .retries(FAST);
    }

    public void handle(Command command) {
        bus.handle(command);
    }
}
