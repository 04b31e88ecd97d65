package com.example.allocation.servicelayer.writes;

import com.example.allocation.servicelayer.messagebus.MessageBus;

import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.Backordered;
import com.example.allocation.domain.events.Event;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the {@link MessageBus} counts (README, "Metrics"), with every counter made up front: counting a command
 * on the hot path is one map lookup and one add, no meter registration.
 * <ul>
 *   <li>{@code allocation_commands_total{type, outcome}}: each command the bus handled, by how it ended —
 *       {@code accepted} (committed), {@code refused} (by the rules; nothing changed) or {@code failed} (its
 *       transaction failed: the database away or too slow, or a race lost too often). Under group commit a failed
 *       batch's commands are each tried again alone, and counted again.</li>
 *   <li>{@code allocation_allocations_total{outcome}}: order lines given a batch ({@code allocated}, including a
 *       line moved to another batch or filled from backorder) or put on backorder ({@code backordered}), as committed.</li>
 *   <li>{@code allocation_concurrency_retries_total}: commands run again because another writer changed their
 *       product first (optimistic concurrency).</li>
 * </ul>
 */
public final class BusMeters {

    public static final String ACCEPTED = "accepted";
    public static final String REFUSED = "refused";
    public static final String FAILED = "failed";

    private final Map<Class<?>, Map<String, Counter>> commands;
    private final Counter allocated;
    private final Counter backordered;
    private final Counter retries;

    public BusMeters(MeterRegistry registry) {
        this.commands = Arrays.stream(Command.class.getPermittedSubclasses()).collect(Collectors.toUnmodifiableMap(
                Function.identity(), type -> Map.of(
                        ACCEPTED, commandCounter(registry, type, ACCEPTED),
                        REFUSED, commandCounter(registry, type, REFUSED),
                        FAILED, commandCounter(registry, type, FAILED))));
        this.allocated = allocationCounter(registry, "allocated");
        this.backordered = allocationCounter(registry, "backordered");
        this.retries = Counter.builder("allocation.concurrency.retries")
                .description("Commands run again because another writer changed their product first").register(registry);
    }

    public void command(Command command, String outcome) {
        commands.get(command.getClass()).get(outcome).increment();
    }

    /** An event that has been committed. */
    public void committed(Event event) {
        if (event instanceof Allocated) {
            allocated.increment();
        } else if (event instanceof Backordered) {
            backordered.increment();
        }
    }

    public void concurrencyRetry() {
        retries.increment();
    }

    private static Counter commandCounter(MeterRegistry registry, Class<?> type, String outcome) {
        return Counter.builder("allocation.commands").description("Commands handled, by type and how they ended")
                .tag("type", type.getSimpleName()).tag("outcome", outcome).register(registry);
    }

    private static Counter allocationCounter(MeterRegistry registry, String outcome) {
        return Counter.builder("allocation.allocations").description("Order lines allocated to a batch, or backordered")
                .tag("outcome", outcome).register(registry);
    }
}
