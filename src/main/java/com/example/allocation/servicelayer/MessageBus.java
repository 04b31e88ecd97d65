package com.example.allocation.servicelayer;

import com.example.allocation.domain.AllocationException;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.domain.events.Event;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches commands to their handler and the events they raise to theirs (book chapters 9 and 10).
 *
 * <p>A command runs in a fresh {@link UnitOfWork}, and so does each event handler, nested in the
 * command's: the change, everything it causes and every message it sends out commit together or not at
 * all. The bus, not the handlers, commits. A command that loses an optimistic-concurrency race is
 * retried whole on fresh data; any other failure of the command goes back to the caller. A failing event
 * handler is retried with backoff, then logged and skipped, its writes undone and the others unaffected.
 *
 * <p>Group commit: commands that arrive together for the same lane (see {@link CommandLanes}) share one
 * unit of work and one commit, each keeping its own outcome — a refused command fails alone, and if
 * anything else goes wrong the batch's commands run again one by one, so none fails for another's sake.
 * One bus serves any number of threads; it keeps no state between calls but its lanes' queues.
 */
public final class MessageBus {

    /** The most commands one transaction takes (group commit). */
    public static final int DEFAULT_MAX_BATCH = 64;

    private static final Logger log = LoggerFactory.getLogger(MessageBus.class);

    private final UnitOfWorkFactory units;
    private final Map<Class<?>, CommandHandler<Command>> commandHandlers;
    private final Map<Class<?>, List<Named<EventHandler<Event>>>> eventHandlers;
    private final RetryPolicy<Object> conflictRetry;
    private final RetryPolicy<Object> handlerRetry;
    private final Runnable afterCommit;
    private final CommandLanes lanes;

    private MessageBus(Builder builder) {
        this.units = builder.units;
        this.commandHandlers = Map.copyOf(builder.commandHandlers);
        Map<Class<?>, List<Named<EventHandler<Event>>>> events = new HashMap<>();
        builder.eventHandlers.forEach((type, handlers) -> events.put(type, List.copyOf(handlers)));
        this.eventHandlers = Map.copyOf(events);
        this.conflictRetry = builder.conflictBackoff.retrying(ConcurrencyConflict.class);
        this.handlerRetry = builder.handlerBackoff.retrying(Exception.class);
        this.afterCommit = builder.afterCommit;
        this.lanes = new CommandLanes(builder.lanes, builder.maxBatch, MessageBus::productKey, this::run);
    }

    public static Builder builder(UnitOfWorkFactory units) {
        return new Builder(units);
    }

    /**
     * Handles the command and every event it causes, follow-ups included, and commits them; returns once
     * all is committed, so a read that follows sees it.
     *
     * @throws com.example.allocation.domain.AllocationException if the rules refuse the command
     * @throws ConcurrencyConflict if the product stayed contended through every retry
     */
    public void handle(Command command) {
        lanes.run(command);
    }

    /** Runs commands together, completing each one's outcome; see the class comment for what fails how. */
    private void run(List<CommandLanes.Pending> batch) {
        try {
            if (Failsafe.with(conflictRetry).get(() -> attempt(batch))) {
                afterCommit.run();
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).fail(e);
            } else {
                log.warn("A batch of {} commands failed together ({}); running them one by one", batch.size(), e.toString());
                batch.forEach(pending -> run(List.of(pending)));
            }
        }
    }

    /** One attempt at the batch in one unit of work; returns whether anything was committed. */
    private boolean attempt(List<CommandLanes.Pending> batch) {
        Map<CommandLanes.Pending, AllocationException> refused = new IdentityHashMap<>();
        try (UnitOfWork uow = units.start()) {
            for (CommandLanes.Pending pending : batch) {
                try {
                    commandHandlers.get(pending.command.getClass()).handle(pending.command, uow);
                } catch (AllocationException e) {
                    refused.put(pending, e);
                }
            }
            boolean anyAccepted = refused.size() < batch.size();
            if (anyAccepted) {
                Queue<Event> queue = new ArrayDeque<>(uow.collectNewEvents());
                while (!queue.isEmpty()) {
                    Event event = queue.remove();
                    for (Named<EventHandler<Event>> eventHandler : eventHandlers.getOrDefault(event.getClass(), List.of())) {
                        handle(event, eventHandler, uow);
                    }
                    queue.addAll(uow.collectNewEvents());
                }
                uow.commit();
            }
            batch.forEach(pending -> {
                AllocationException refusal = refused.get(pending);
                if (refusal != null) {
                    pending.fail(refusal);
                } else {
                    pending.succeed();
                }
            });
            return anyAccepted;
        }
    }

    /** Commands on the same product share a lane; a batch's quantity is routed by its reference. */
    private static int productKey(Command command) {
        if (command instanceof Allocate allocate) {
            return allocate.sku().hashCode();
        }
        if (command instanceof Deallocate deallocate) {
            return deallocate.sku().hashCode();
        }
        if (command instanceof CreateBatch createBatch) {
            return createBatch.sku().hashCode();
        }
        return ((ChangeBatchQuantity) command).reference().hashCode();
    }

    private void handle(Event event, Named<EventHandler<Event>> handler, UnitOfWork uow) {
        try {
            Failsafe.with(handlerRetry).run(() -> {
                try (UnitOfWork step = uow.nested()) {
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

    /** Registers the handlers; {@link #build()} refuses a bus that leaves a command without its handler. */
    public static final class Builder {

        private final UnitOfWorkFactory units;
        private final Map<Class<?>, CommandHandler<Command>> commandHandlers = new HashMap<>();
        private final Map<Class<?>, List<Named<EventHandler<Event>>>> eventHandlers = new HashMap<>();
        private int lanes = 1;
        private int maxBatch = DEFAULT_MAX_BATCH;
        private Backoff conflictBackoff = Retries.DEFAULT.conflicts();
        private Backoff handlerBackoff = Retries.DEFAULT.eventHandlers();
        private Runnable afterCommit = () -> { };

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

        public Builder retries(Retries retries) {
            this.conflictBackoff = retries.conflicts();
            this.handlerBackoff = retries.eventHandlers();
            return this;
        }

        /**
         * Group commit: how many lanes run batches side by side (each uses one database connection at a time),
         * and how many commands one batch may hold.
         */
        public Builder groupCommit(int lanes, int maxBatch) {
            if (lanes < 1 || maxBatch < 1) {
                throw new IllegalArgumentException("need at least one lane and a batch of one, got " + lanes + ", " + maxBatch);
            }
            this.lanes = lanes;
            this.maxBatch = maxBatch;
            return this;
        }

        /** Runs after each command has committed, e.g. to wake the outbox relay. */
        public Builder afterCommit(Runnable afterCommit) {
            this.afterCommit = afterCommit;
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
