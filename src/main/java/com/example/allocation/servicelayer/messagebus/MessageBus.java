package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.refusals.AllocationException;
import com.example.allocation.servicelayer.Backoff;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message bus (book chapters 9 and 10): hands a command to its handler, then each event it raised to that event's
 * handlers, queueing the events they raise in turn, until none is left. It works in a unit of work it is given and
 * never commits: committing, retrying a lost race, the inbox are steps around it ({@code servicelayer.writes}).
 * Each event handler runs in a unit of work nested in the command's; a failing one is retried with backoff, then
 * logged and skipped, and what it wrote is dropped: the others and the command carry on (decisions 1 and 2).
 */
public final class MessageBus implements CommandStep {

    private static final Logger log = LoggerFactory.getLogger(MessageBus.class);

    private final Map<Class<?>, CommandHandler<Command>> commandHandlers;
    private final Map<Class<?>, List<Named>> eventHandlers;
    private final RetryPolicy<Object> eventRetry;
    private final Clock clock;

    private MessageBus(Builder builder) {
        Map<Class<?>, CommandHandler<Command>> commands = new HashMap<>();
        Commands.ALL.forEach(type -> commands.put(type.type(), type::handle));
        commands.putAll(builder.commandHandlers);
        this.commandHandlers = Map.copyOf(commands);
        Map<Class<?>, List<Named>> events = new HashMap<>();
        builder.eventHandlers.forEach((type, handlers) -> events.put(type, List.copyOf(handlers)));
        this.eventHandlers = Map.copyOf(events);
        this.eventRetry = builder.eventRetries.retrying(Exception.class);
        this.clock = builder.clock;
    }

    /**
     * A bus whose commands go to the handlers of the catalogue ({@link Commands}), and whose events go nowhere yet.
     *
     * @param clock what each command is told the time is
     */
    public static Builder builder(Backoff eventRetries, Clock clock) {
        return new Builder(eventRetries, clock);
    }

    @Override
    public Optional<AllocationException> handle(Envelope envelope, UnitOfWork uow, List<Event> handled) {
        Command command = envelope.command();
        try {
            commandHandlers.get(command.getClass()).handle(command, uow, clock.instant());
        } catch (AllocationException refused) {
            return Optional.of(refused);
        }
        List<Event> raised = uow.collectNewEvents();
        Origin origin = envelope.origin().because(Commands.of(command).causeOf(command, raised));
        Queue<Event> queue = new ArrayDeque<>(raised);
        while (!queue.isEmpty()) {
            Event event = queue.remove();
            handled.add(event);
            for (Named handler : eventHandlers.getOrDefault(event.getClass(), List.of())) {
                handleEvent(event, handler, uow, origin);
            }
            queue.addAll(uow.collectNewEvents());
        }
        return Optional.empty();
    }

    /** Runs one event handler, in a nested unit of work stamped with what the command was and who sent it. */
    private void handleEvent(Event event, Named handler, UnitOfWork uow, Origin origin) {
        try {
            Failsafe.with(eventRetry).run(() -> {
                try (UnitOfWork step = uow.nested(origin)) {
                    handler.handler().handle(event, step);
                    step.commit();
                }
            });
        } catch (RuntimeException e) {
            log.error("Event handler {} failed on {} and was skipped; the other handlers and the command go on",
                    handler.name(), event, e);
        }
    }

    private record Named(String name, EventHandler<Event> handler) { }

    /** Registers the event handlers, and any command handler that stands in for the catalogue's. */
    public static final class Builder {

        private final Map<Class<?>, CommandHandler<Command>> commandHandlers = new HashMap<>();
        private final Map<Class<?>, List<Named>> eventHandlers = new HashMap<>();
        private final Backoff eventRetries;
        private final Clock clock;

        private Builder(Backoff eventRetries, Clock clock) {
            this.eventRetries = eventRetries;
            this.clock = clock;
        }

        /** Handles commands of {@code type} with {@code handler} instead of the catalogue's: one given what it needs. */
        @SuppressWarnings("unchecked")
        public <C extends Command> Builder command(CommandType<C> type, CommandHandler<C> handler) {
            if (commandHandlers.putIfAbsent(type.type(), (CommandHandler<Command>) handler) != null) {
                throw new IllegalStateException(type.name() + " already has a handler: a command has exactly one");
            }
            return this;
        }

        @SuppressWarnings("unchecked")
        public <E extends Event> Builder event(Class<E> type, String name, EventHandler<E> handler) {
            eventHandlers.computeIfAbsent(type, key -> new ArrayList<>()).add(new Named(name, (EventHandler<Event>) handler));
            return this;
        }

        public MessageBus build() {
            return new MessageBus(this);
        }
    }
}
