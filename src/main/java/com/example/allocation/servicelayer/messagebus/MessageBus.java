package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import com.example.allocation.servicelayer.ports.Inbox;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import com.example.allocation.servicelayer.writes.BusMeters;
import com.example.allocation.servicelayer.writes.GroupCommit;
import com.example.allocation.servicelayer.writes.Retries;

import com.example.allocation.domain.AllocationException;
import com.example.allocation.domain.OrderLine;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.events.Event;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Dispatches each command to its handler and the events they raise to theirs (book chapters 9 and 10).
 *
 * <p>A command runs in a fresh {@link UnitOfWork}; each event handler runs in a unit of work nested in the
 * command's, so the change, everything it causes and every message it sends out commit together, once,
 * or not at all (docs/decisions.md, decision 1). The bus, not the handlers, commits. Two things the
 * book's bus leaves out, because a real service needs them:
 * <ul>
 *   <li>A command that loses an optimistic-concurrency race is run again, whole, on fresh data.</li>
 *   <li>A failing event handler is retried with backoff, then logged and skipped; the other handlers and
 *       the command carry on. What it wrote through its nested unit of work (the read model, the outbox)
 *       is dropped; a change it made to an aggregate is not undone, which is why event handlers leave the
 *       aggregates alone (decision 2).</li>
 * </ul>
 *
 * <p>It counts what it does ({@link BusMeters}: commands by outcome, allocations once committed, retried races) and
 * puts each command's correlation id in the log's context while it handles it.
 *
 * <p>The bus keeps no state between calls: one bus serves any number of threads.
 * {@link #handleTogether(List)} is the building block of {@link GroupCommit}; a first reading can skip it.
 */
public final class MessageBus implements CommandBus {

    private static final Logger log = LoggerFactory.getLogger(MessageBus.class);

    private final UnitOfWorkFactory units;
    private final Map<Class<?>, CommandHandler<Command>> commandHandlers;
    private final Map<Class<?>, List<Named<EventHandler<Event>>>> eventHandlers;
    private final RetryPolicy<Object> conflictRetry;
    private final RetryPolicy<Object> handlerRetry;
    private final Runnable afterCommit;
    private final BusMeters meters;

    private MessageBus(Builder builder) {
        this.units = builder.units;
        this.commandHandlers = Map.copyOf(builder.commandHandlers);
        Map<Class<?>, List<Named<EventHandler<Event>>>> events = new HashMap<>();
        builder.eventHandlers.forEach((type, handlers) -> events.put(type, List.copyOf(handlers)));
        this.eventHandlers = Map.copyOf(events);
        this.conflictRetry = builder.retries.conflicts().retrying(ConcurrencyConflict.class);
        this.handlerRetry = builder.retries.eventHandlers().retrying(Exception.class);
        this.afterCommit = builder.afterCommit;
        this.meters = new BusMeters(builder.meters);
    }

    public static Builder builder(UnitOfWorkFactory units) {
        return new Builder(units);
    }

    /**
     * Handles the command and every event it causes, follow-ups included, and commits them; returns once
     * all is committed, so a read that follows sees it.
     */
    @Override
    public void handle(Command command, Origin origin) {
        Optional<AllocationException> refusal = handleTogether(List.of(new Envelope(command, origin))).get(0);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    /**
     * Handles several commands in one unit of work and one commit, as {@link #handle} handles one. A command
     * the rules refuse changes nothing (domain methods check before they change) and does not stop the
     * others: its refusal is returned in its place. A command whose envelope names an inbound message already
     * applied is not applied again, and counts as accepted; one applied now records its message in the
     * {@link Inbox}, in the same commit.
     *
     * @return for each command, in order, the rules' refusal, or empty if it was accepted and is committed
     * @throws RuntimeException any other failure, after which nothing is committed
     */
    public List<Optional<AllocationException>> handleTogether(List<Envelope> commands) {
        Attempt done;
        try {
            done = Failsafe.with(conflictRetry).get(execution -> {
                if (execution.getAttemptCount() > 0) {
                    meters.concurrencyRetry();
                }
                return attempt(commands);
            });
        } catch (RuntimeException e) {
            commands.forEach(envelope -> meters.command(envelope.command(), BusMeters.FAILED));
            throw e;
        }
        for (int i = 0; i < commands.size(); i++) {
            meters.command(commands.get(i).command(), done.outcomes().get(i).isEmpty() ? BusMeters.ACCEPTED : BusMeters.REFUSED);
        }
        if (done.outcomes().stream().anyMatch(Optional::isEmpty)) {
            done.events().forEach(meters::committed);
            afterCommit.run();
        }
        return done.outcomes();
    }

    /** What an attempt came to: each command's outcome, and the events handled, which are committed with them. */
    private record Attempt(List<Optional<AllocationException>> outcomes, List<Event> events) {
    }

    /** One attempt, in one unit of work; commits unless every command was refused. */
    private Attempt attempt(List<Envelope> commands) {
        try (UnitOfWork uow = units.start()) {
            List<Optional<AllocationException>> outcomes = new ArrayList<>(commands.size());
            List<Event> events = new ArrayList<>();
            prefetch(commands, uow);
            for (Envelope envelope : commands) {
                String messageId = envelope.messageId();
                if (messageId != null && uow.inbox().contains(messageId)) {
                    outcomes.add(Optional.empty()); // applied before: acknowledged, not applied again
                    continue;
                }
                try (LogContext context = LogContext.of(envelope.origin())) {
                    Optional<AllocationException> outcome = handleCommand(envelope.command(), uow);
                    if (outcome.isEmpty()) {
                        handleEvents(uow, envelope, events);
                        if (messageId != null) {
                            uow.inbox().add(messageId);
                        }
                    }
                    outcomes.add(outcome);
                }
            }
            if (outcomes.stream().anyMatch(Optional::isEmpty)) {
                uow.commit();
            }
            return new Attempt(outcomes, events);
        }
    }

    /** Tells the repository what several allocations handled together will read, so it can read it all at once. */
    private static void prefetch(List<Envelope> commands, UnitOfWork uow) {
        List<OrderLine> lines = new ArrayList<>();
        for (Envelope envelope : commands) {
            if (envelope.command() instanceof Allocate allocate) {
                lines.add(allocate.line());
            }
        }
        if (lines.size() > 1) {
            uow.products().prefetch(lines);
        }
    }

    private Optional<AllocationException> handleCommand(Command command, UnitOfWork uow) {
        try {
            commandHandlers.get(command.getClass()).handle(command, uow);
            return Optional.empty();
        } catch (AllocationException refused) {
            return Optional.of(refused);
        }
    }

    /**
     * Runs the handlers of every event the command raised, and of the events those raise, until none is left;
     * what they send out and record is stamped with the envelope's origin and the command, in words.
     */
    private void handleEvents(UnitOfWork uow, Envelope envelope, List<Event> handled) {
        List<Event> raised = uow.collectNewEvents();
        Origin origin = envelope.origin().because(Causes.of(envelope.command(), raised));
        Queue<Event> queue = new ArrayDeque<>(raised);
        while (!queue.isEmpty()) {
            Event event = queue.remove();
            handled.add(event);
            for (Named<EventHandler<Event>> handler : eventHandlers.getOrDefault(event.getClass(), List.of())) {
                handleEvent(event, handler, uow, origin);
            }
            queue.addAll(uow.collectNewEvents());
        }
    }

    private void handleEvent(Event event, Named<EventHandler<Event>> handler, UnitOfWork uow, Origin origin) {
        try {
            Failsafe.with(handlerRetry).run(() -> {
                try (UnitOfWork step = uow.nested(origin)) {
                    handler.value().handle(event, step);
                    step.commit();
                }
            });
        } catch (RuntimeException e) {
            log.error("Event handler {} failed on {} and was skipped; the other handlers and the command go on",
                    handler.name(), event, e);
        }
    }

    private record Named<T>(String name, T value) {
    }

    /**
     * The command's correlation id in the log's context while it is handled, so that what its handlers log names
     * its request, even in a thread that handles several callers' commands together (group commit).
     */
    private record LogContext(String previous) implements AutoCloseable {

        static LogContext of(Origin origin) {
            LogContext context = new LogContext(MDC.get(Origin.LOG_KEY));
            if (origin.correlationId() != null) {
                MDC.put(Origin.LOG_KEY, origin.correlationId());
            }
            return context;
        }

        @Override
        public void close() {
            if (previous == null) {
                MDC.remove(Origin.LOG_KEY);
            } else {
                MDC.put(Origin.LOG_KEY, previous);
            }
        }
    }

    /** Registers the handlers; {@link #build()} refuses a bus that leaves a command without its handler. */
    public static final class Builder {

        private final UnitOfWorkFactory units;
        private final Map<Class<?>, CommandHandler<Command>> commandHandlers = new HashMap<>();
        private final Map<Class<?>, List<Named<EventHandler<Event>>>> eventHandlers = new HashMap<>();
        private Retries retries = Retries.DEFAULT;
        private Runnable afterCommit = () -> { };
        private MeterRegistry meters = new CompositeMeterRegistry();

        private Builder(UnitOfWorkFactory units) {
            this.units = units;
        }

        @SuppressWarnings("unchecked")
        public <C extends Command> Builder command(Class<C> type, CommandHandler<C> handler) {
            if (commandHandlers.putIfAbsent(type, (CommandHandler<Command>) handler) != null) {
                throw new IllegalStateException(type.getSimpleName() + " already has a handler: a command has exactly one");
            }
            return this;
        }

        @SuppressWarnings("unchecked")
        public <E extends Event> Builder event(Class<E> type, String name, EventHandler<E> handler) {
            eventHandlers.computeIfAbsent(type, key -> new ArrayList<>())
                    .add(new Named<>(name, (EventHandler<Event>) handler));
            return this;
        }

        /** How commands that lose a race, and failing event handlers, are retried. */
        public Builder retries(Retries retries) {
            this.retries = retries;
            return this;
        }

        /** Runs after each commit, e.g. to wake the outbox relay. */
        public Builder afterCommit(Runnable afterCommit) {
            this.afterCommit = afterCommit;
            return this;
        }

        /** Where the bus counts commands, allocations and retries; by default, nowhere. */
        public Builder meters(MeterRegistry registry) {
            this.meters = registry;
            return this;
        }

        public MessageBus build() {
            List<String> unhandled = Arrays.stream(Command.class.getPermittedSubclasses())
                    .filter(type -> !commandHandlers.containsKey(type))
                    .map(Class::getSimpleName)
                    .toList();
            if (!unhandled.isEmpty()) {
                throw new IllegalStateException("No handler for " + unhandled + ": every command needs one");
            }
            return new MessageBus(this);
        }
    }
}
