package com.example.allocation.servicelayer;

import com.example.allocation.Bootstrap;
import com.example.allocation.domain.commands.Command;
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
    private final Bootstrap.Settings settings = new Bootstrap.Settings("stock@made.com", FAST, Bootstrap.Settings.DEFAULT.groupCommit());
    private final OutboxRelay relay = Bootstrap.relay(store::start, publisher, notifications, settings);
    public final CommandBus bus = Bootstrap.commands(store::start, settings, relay::relayPending);

    public void handle(Command command) {
        bus.handle(command);
    }
}
