package com.example.allocation;

import com.example.allocation.adapters.RoutingPublisher;
import com.example.allocation.adapters.email.SmtpNotifications;
import com.example.allocation.adapters.kafka.KafkaProducers;
import com.example.allocation.adapters.kafka.KafkaPublisher;
import com.example.allocation.adapters.logging.LoggingNotifications;
import com.example.allocation.adapters.logging.LoggingPublisher;
import com.example.allocation.adapters.persistence.Database;
import com.example.allocation.adapters.redis.RedisPublisher;
import com.example.allocation.domain.Hold;
import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.Backordered;
import com.example.allocation.domain.events.Deallocated;
import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.events.LineCancelled;
import com.example.allocation.domain.events.OutOfStock;
import com.example.allocation.entrypoints.HoldSweeper;
import com.example.allocation.entrypoints.OutboxWorker;
import com.example.allocation.entrypoints.http.AccessControl;
import com.example.allocation.entrypoints.http.Health;
import com.example.allocation.entrypoints.http.HttpApi;
import com.example.allocation.entrypoints.http.Readiness;
import com.example.allocation.entrypoints.http.Telemetry;
import com.example.allocation.entrypoints.http.auth.AccessTokens;
import com.example.allocation.entrypoints.http.auth.RateLimits;
import com.example.allocation.entrypoints.kafka.KafkaCommandConsumer;
import com.example.allocation.entrypoints.redis.RedisConsumer;
import com.example.allocation.servicelayer.Retries;
import com.example.allocation.servicelayer.messagebus.CommandBus;
import com.example.allocation.servicelayer.messagebus.CommandStep;
import com.example.allocation.servicelayer.messagebus.Commands;
import com.example.allocation.servicelayer.messagebus.Handlers;
import com.example.allocation.servicelayer.messagebus.MessageBus;
import com.example.allocation.servicelayer.outbox.OutboxRelay;
import com.example.allocation.servicelayer.ports.MessagePublisher;
import com.example.allocation.servicelayer.ports.Notifier;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import com.example.allocation.servicelayer.writes.Batches;
import com.example.allocation.servicelayer.writes.DirectBus;
import com.example.allocation.servicelayer.writes.GroupCommit;
import com.example.allocation.servicelayer.writes.InUnitOfWork;
import com.example.allocation.servicelayer.writes.InboxStep;
import com.example.allocation.servicelayer.writes.LogContextStep;
import com.example.allocation.servicelayer.writes.Metered;
import com.example.allocation.servicelayer.writes.Prefetch;
import com.example.allocation.servicelayer.writes.RetriedOnConflict;
import com.example.allocation.views.Views;
import io.javalin.Javalin;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The composition root (book chapter 13): builds every part of the service and wires each handler to
 * what it needs, with plain constructors and lambdas, in one place a reader can follow top to bottom.
 * The service and the tests use the same methods, with real adapters or with fakes.
 */
public final class Bootstrap {

    /**
     * @param stockEmail who hears about out-of-stock SKUs
     * @param retries how the bus and the relay retry
     * @param groupCommit how commands are grouped into transactions, and how long and how many may wait
     * @param eventsTopic where every event is published (Kafka), or null when there is no event log
     * @param meters where the service layer counts what it does (README, "Metrics")
     * @param clock what the commands are told the time is
     * @param holdTtl how long a checkout hold lasts when its caller does not say
     */
    public record Settings(String stockEmail, Retries retries, GroupCommit.Limits groupCommit, String eventsTopic,
            MeterRegistry meters, Clock clock, Duration holdTtl) {

        /** What a service with nothing configured runs with, counting nowhere: for the bus run alone (csv, tests). */
        public static final Settings DEFAULT = of(Config.fromEnvironment(Map.of()), new CompositeMeterRegistry());

        /** Settings that count nowhere, on the system's clock, with holds of the default length. */
        public Settings(String stockEmail, Retries retries, GroupCommit.Limits groupCommit, String eventsTopic) {
            this(stockEmail, retries, groupCommit, eventsTopic, new CompositeMeterRegistry(), Clock.systemUTC(), Hold.DEFAULT_TTL);
        }

        /** Stalled products' commands run alone on at most half the pool's connections, so they cannot take every one. */
        static Settings of(Config config, MeterRegistry meters) {
            return new Settings(config.stockEmail(), Retries.DEFAULT, new GroupCommit.Limits(config.commandLanes(),
                    GroupCommit.DEFAULT_MAX_BATCH, config.maxPendingWrites(), Math.max(1, config.databasePoolSize() / 2),
                    config.writeTimeout()), config.kafka() == null ? null : config.kafka().eventsTopic(), meters, Clock.systemUTC(),
                    config.holdTtl());
        }
    }

    private static final Duration OUTBOX_RETENTION = Duration.ofDays(1);
    private static final long HTTP_DRAIN_MILLIS = 30_000;

    private Bootstrap() {
    }

    /**
     * The message bus (book chapter 9): the catalogue's command handlers ({@code Commands}), and every event handler
     * with what it needs.
     */
    public static MessageBus.Builder handlers(Settings settings) {
        MessageBus.Builder bus = MessageBus.builder(settings.retries().eventHandlers(), settings.clock())
                .command(Commands.PLACE_HOLD, (command, uow, now) -> Handlers.placeHold(command, uow, now, settings.holdTtl()))
                .event(Allocated.class, "addAllocationToReadModel", Handlers::addAllocationToReadModel)
                .event(Allocated.class, "publishAllocatedEvent", Handlers::publishAllocatedEvent)
                .event(Deallocated.class, "removeAllocationFromReadModel", Handlers::removeAllocationFromReadModel)
                .event(LineCancelled.class, "removeCancelledLineFromReadModel", Handlers::removeCancelledLineFromReadModel)
                .event(Allocated.class, "addToOrderHistory", Handlers::addToOrderHistory)
                .event(Deallocated.class, "addToOrderHistory", Handlers::addToOrderHistory)
                .event(Backordered.class, "addToOrderHistory", Handlers::addToOrderHistory)
                .event(LineCancelled.class, "addToOrderHistory", Handlers::addToOrderHistory)
                .event(OutOfStock.class, "sendOutOfStockNotification",
                        (event, uow) -> Handlers.sendOutOfStockNotification(event, uow, settings.stockEmail()));
        if (settings.eventsTopic() != null) {
            for (Class<?> type : Event.class.getPermittedSubclasses()) {
                bus.event(type.asSubclass(Event.class), "publishToEventLog",
                        (event, uow) -> Handlers.publishToEventLog(event, uow, settings.eventsTopic()));
            }
        }
        return bus;
    }

    /**
     * The bus with what runs around it, each a step of its own: a fresh unit of work per batch of commands, committed
     * once (chapter 6), read ahead ({@code Prefetch}); each command's log context and inbox record; a lost race run
     * again (chapter 7), locking what it reads; and the meters.
     *
     * @param afterCommit what to do once a batch has committed: wake the outbox relay (in the service), or run it in
     *     the calling thread (in tests that want deliveries done when {@code handle} returns)
     */
    public static DirectBus bus(UnitOfWorkFactory units, MessageBus bus, Settings settings, Runnable afterCommit) {
        CommandStep steps = new LogContextStep(new InboxStep(bus));
        Batches inUnitOfWork = new InUnitOfWork(units, Prefetch::orderLines, steps, afterCommit);
        Batches lockingWhatItReads = new InUnitOfWork(units.lockingWhatTheyRead(), Prefetch::orderLines, steps, afterCommit);
        return new DirectBus(new Metered(new RetriedOnConflict(inUnitOfWork, lockingWhatItReads, settings.retries().conflicts(),
                settings.meters()), settings.meters()));
    }

    /** The service's bus, with every handler and every step around it. */
    public static DirectBus bus(UnitOfWorkFactory units, Settings settings, Runnable afterCommit) {
        return bus(units, handlers(settings).build(), settings, afterCommit);
    }

    /** What the entry points send commands to: the bus, behind group commit. */
    public static CommandBus commands(UnitOfWorkFactory units, Settings settings, Runnable afterCommit) {
        return new GroupCommit(bus(units, settings, afterCommit), units, settings.groupCommit(), settings.meters());
    }

    /** The relay that delivers the outbox's messages to other systems. */
    public static OutboxRelay relay(UnitOfWorkFactory units, MessagePublisher publisher, Notifier notifications,
            Settings settings) {
        return new OutboxRelay(units, publisher, notifications, settings.retries().deliveries(), settings.meters());
    }

    /**
     * Starts the whole service: database (migrated), outbox relay, message bus, HTTP API and, with Redis
     * configured, the consumer of inbound messages. Without Redis or SMTP, what would go to them is logged.
     */
    public static Service start(Config config) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            PrometheusMeterRegistry meters = meters(started);
            track(started, meters::close);
            Database database = track(started, Database.connect(config.database(), config.databasePoolSize(),
                    config.databaseTimeouts(), meters));
            Settings settings = Settings.of(config, meters);
            UnitOfWorkFactory units = database.unitsOfWork();
            Views views = new Views(database.jdbi(), units);

            RedisClient redis = config.redisUrl() == null ? null : RedisPublisher.client(config.redisUrl());
            if (redis != null) {
                track(started, redis::shutdown);
            }
            RedisPublisher redisPublisher = redis == null ? null : track(started, new RedisPublisher(redis));
            SmtpNotifications email = config.smtp() == null ? null : new SmtpNotifications(config.smtp());
            KafkaPublisher kafkaPublisher = config.kafka() == null ? null
                    : track(started, new KafkaPublisher(config.kafka().clientSettings(), meters));
            MessagePublisher channels = redisPublisher == null ? new LoggingPublisher() : redisPublisher;
            MessagePublisher publisher = kafkaPublisher == null ? channels
                    : new RoutingPublisher(Map.of(config.kafka().eventsTopic(), kafkaPublisher), channels);
            Notifier notifications = email == null ? new LoggingNotifications() : email;

            OutboxRelay relay = relay(units, publisher, notifications, settings);
            OutboxWorker outboxWorker = track(started, new OutboxWorker(relay, config.outboxPollInterval(), OUTBOX_RETENTION, units));
            DirectBus bus = bus(units, settings, outboxWorker::wake);
            CommandBus commands = new GroupCommit(bus, units, settings.groupCommit(), meters);
            // The message consumers' batches are made already (a Kafka poll, the Redis messages waiting): they hand them
            // to the bus whole, beside group commit. The Redis subscriber has a client of its own: it stops reading
            // while its queue is full.
            RedisConsumer consumer = redis == null ? null : redisConsumer(config.redisUrl(), bus, meters, started);
            KafkaCommandConsumer kafkaConsumer = config.kafka() == null ? null : track(started, new KafkaCommandConsumer(
                    config.kafka().clientSettings(), config.kafka().commandsTopic(), config.kafka().deadLetterTopic(),
                    config.kafka().groupId(), KafkaProducers.reliable(config.kafka().clientSettings(), "allocation-dead-letters"),
                    bus, meters).start());

            Supplier<Health> health = () -> {
                Database.Probe probe = database.probe();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("database", database.description());
                details.put("database_state", probe.state().name().toLowerCase(Locale.ROOT));
                details.put("outbox_backlog", probe.outboxBacklog());
                details.put("redis", redis == null ? "not configured" : Map.of(
                        "publisher", redisPublisher.isConnected() ? "connected" : "not connected",
                        "consumer", consumer.isSubscribed() ? "subscribed" : "not subscribed"));
                details.put("smtp", email == null ? "not configured" : email.state());
                details.put("kafka", kafkaPublisher == null ? "not configured"
                        : Map.of("producer", kafkaPublisher.state(), "consumer", kafkaConsumer.state()));
                return new Health(probe.state() != Database.State.UNREACHABLE, details);
            };
            AccessControl access = new AccessControl(config.auth() == null ? null : AccessTokens.of(config.auth()),
                    config.rateLimit() == null ? null : new RateLimits(config.rateLimit()));
            Readiness readiness = new Readiness(() -> database.probe().state() != Database.State.UNREACHABLE);
            Telemetry telemetry = new Telemetry(meters, relay::measureBacklog);
            track(started, new HoldSweeper(units, commands, settings.clock()).start());
            Gauge.builder("allocation.holds.active", () -> views.activeHolds(settings.clock().instant()))
                    .description("Checkout holds that set stock aside now: active, and not yet expired").register(meters);
            Javalin http = new HttpApi(commands, views, health, readiness, telemetry, access, settings.clock())
                    .server(config.host(), config.port(), HTTP_DRAIN_MILLIS).start();
            track(started, http::stop);
            outboxWorker.wake();
            return new Service(http.port(), database.description(), readiness, started);
        } catch (RuntimeException e) {
            Service.closeInReverse(started);
            throw e;
        }
    }

    /** The consumer of the book's inbound Redis channel, on a client of its own, started. */
    private static RedisConsumer redisConsumer(String url, DirectBus bus, MeterRegistry meters, List<AutoCloseable> started) {
        RedisClient subscriber = RedisPublisher.client(url);
        track(started, subscriber::shutdown);
        return track(started, new RedisConsumer(subscriber, bus, List.of(Commands.CHANGE_BATCH_QUANTITY), meters).start());
    }

    /**
     * The registry every part records its meters in, scraped at {@code GET /metrics}, with the JVM's and the
     * process's own: memory, garbage collection, threads, classes, JIT compilation, CPU, file descriptors, uptime.
     */
    private static PrometheusMeterRegistry meters(List<AutoCloseable> started) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmGcMetrics gc = new JvmGcMetrics();
        track(started, gc);
        List.of(new JvmInfoMetrics(), new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new JvmCompilationMetrics(), new ProcessorMetrics(), new FileDescriptorMetrics(), new UptimeMetrics())
                .forEach(binder -> binder.bindTo(registry));
        return registry;
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> started, T part) {
        started.add(part);
        return part;
    }
}
