package com.example.allocation.servicelayer.writes;

import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.Backordered;
import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.messagebus.CommandType;
import com.example.allocation.servicelayer.messagebus.Commands;
import com.example.allocation.servicelayer.messagebus.Envelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts what the bus does (README, "Metrics"), every counter made up front so that counting costs a map lookup:
 * <ul>
 *   <li>{@code allocation_commands_total{type, outcome}}: each command by how it ended — {@code accepted}
 *       (committed), {@code refused} (by the rules; nothing changed) or {@code failed} (its transaction failed: the
 *       database away or too slow, or a race lost too often). Under group commit a failed batch's commands are each
 *       tried again alone, and counted again.</li>
 *   <li>{@code allocation_allocations_total{outcome}}: order lines given a batch ({@code allocated}, including a line
 *       moved or filled from backorder) or put on backorder ({@code backordered}), once committed.</li>
 * </ul>
 */
public final class Metered implements Batches {

    private final Batches batches;
    private final Map<Class<?>, Outcomes> commands = new HashMap<>();
    private final Map<Class<?>, Counter> allocations;

    public Metered(Batches batches, MeterRegistry meters) {
        this.batches = batches;
        for (CommandType<?> type : Commands.ALL) {
            commands.put(type.type(), new Outcomes(command(meters, type, "accepted"), command(meters, type, "refused"),
                    command(meters, type, "failed")));
        }
        this.allocations = Map.of(Allocated.class, allocation(meters, "allocated"), Backordered.class, allocation(meters, "backordered"));
    }

    @Override
    public Outcome handleTogether(List<Envelope> envelopes) {
        Outcome outcome;
        try {
            outcome = batches.handleTogether(envelopes);
        } catch (RuntimeException e) {
            envelopes.forEach(envelope -> outcomes(envelope).failed().increment());
            throw e;
        }
        for (int i = 0; i < envelopes.size(); i++) {
            Outcomes counters = outcomes(envelopes.get(i));
            (outcome.refusals().get(i).isEmpty() ? counters.accepted() : counters.refused()).increment();
        }
        if (outcome.anyAccepted()) {
            for (Event event : outcome.events()) {
                Counter counter = allocations.get(event.getClass());
                if (counter != null) {
                    counter.increment();
                }
            }
        }
        return outcome;
    }

    private Outcomes outcomes(Envelope envelope) {
        return commands.get(envelope.command().getClass());
    }

    private record Outcomes(Counter accepted, Counter refused, Counter failed) {
    }

    private static Counter command(MeterRegistry registry, CommandType<?> type, String outcome) {
        return Counter.builder("allocation.commands").description("Commands handled, by type and how they ended")
                .tag("type", type.name()).tag("outcome", outcome).register(registry);
    }

    private static Counter allocation(MeterRegistry registry, String outcome) {
        return Counter.builder("allocation.allocations").description("Order lines allocated to a batch, or backordered")
                .tag("outcome", outcome).register(registry);
    }
}
