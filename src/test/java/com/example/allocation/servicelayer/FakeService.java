package com.example.allocation.servicelayer;

import com.example.allocation.Bootstrap;
import com.example.allocation.TestClock;
import com.example.allocation.TestDates;
import com.example.allocation.domain.Hold;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.messagebus.CommandBus;
import com.example.allocation.servicelayer.messagebus.CommandHandler;
import com.example.allocation.servicelayer.messagebus.Commands;
import com.example.allocation.servicelayer.messagebus.EventHandler;
import com.example.allocation.servicelayer.messagebus.MessageBus;
import com.example.allocation.servicelayer.outbox.OutboxRelay;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import com.example.allocation.servicelayer.writes.DirectBus;
import com.example.allocation.servicelayer.writes.GroupCommit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
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
    /** The time the commands are told: it moves only when a test moves it. */
    public final TestClock clock = new TestClock(TestDates.NOW);
    public final RecordingPublisher publisher = new RecordingPublisher();
    public final RecordingNotifications notifications = new RecordingNotifications();
    private final Bootstrap.Settings settings;
    private final OutboxRelay relay;
    /** The bus with every step around it, as the message consumers get it. */
    public final DirectBus direct;
    /** The same behind group commit, as HTTP gets it. */
    public final CommandBus bus;

    public FakeService() {
        this(null);
    }

    /** The same, publishing every event on {@code eventsTopic} too, as with Kafka configured. */
    public FakeService(String eventsTopic) {
        settings = new Bootstrap.Settings("stock@made.com", FAST, Bootstrap.Settings.DEFAULT.groupCommit(), eventsTopic,
                new CompositeMeterRegistry(), clock, Hold.DEFAULT_TTL);
        relay = Bootstrap.relay(store::start, publisher, notifications, settings);
        direct = Bootstrap.bus(store::start, settings, relay::relayPending);
        bus = new GroupCommit(direct, store::start, settings.groupCommit(), settings.meters());
    }

    /** A bus with the service's command handlers and no event handlers, for tests of the bus itself. */
    public static BusUnderTest commandsOnly(UnitOfWorkFactory units) {
        return new BusUnderTest(units, new TestClock(TestDates.NOW));
    }

    /** The same, telling commands the time by {@code clock}. */
    public static BusUnderTest commandsOnly(UnitOfWorkFactory units, Clock clock) {
        return new BusUnderTest(units, clock);
    }

    /** The same, allocating with {@code allocate}: a test's stand-in that breaks on purpose. */
    public static BusUnderTest commandsOnly(UnitOfWorkFactory units, CommandHandler<Allocate> allocate) {
        BusUnderTest bus = new BusUnderTest(units, new TestClock(TestDates.NOW));
        bus.handlers.command(Commands.ALLOCATE, allocate);
        return bus;
    }

    /** The bus and the steps around it as the service wires them, with the event handlers a test registers. */
    public static final class BusUnderTest {

        private final UnitOfWorkFactory units;
        private final Clock clock;
        private final MessageBus.Builder handlers;
        private MeterRegistry meters = new CompositeMeterRegistry();

        private BusUnderTest(UnitOfWorkFactory units, Clock clock) {
            this.units = units;
            this.clock = clock;
            this.handlers = MessageBus.builder(FAST.eventHandlers(), clock);
        }

        public <E extends Event> BusUnderTest event(Class<E> type, String name, EventHandler<E> handler) {
            handlers.event(type, name, handler);
            return this;
        }

        public BusUnderTest meters(MeterRegistry registry) {
            this.meters = registry;
            return this;
        }

        public DirectBus build() {
            Bootstrap.Settings settings = new Bootstrap.Settings("stock@made.com", FAST, Bootstrap.Settings.DEFAULT.groupCommit(),
                    null, meters, clock, Hold.DEFAULT_TTL);
            return Bootstrap.bus(units, handlers.build(), settings, () -> { });
        }
    }

    public void handle(Command command) {
        bus.handle(command);
    }
}
