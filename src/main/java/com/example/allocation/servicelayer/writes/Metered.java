package com.example.allocation.servicelayer.writes;

import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.Backordered;
import com.example.allocation.domain.Hold;
import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.events.HoldPlaced;
import com.example.allocation.domain.events.HoldReleased;
import com.example.allocation.servicelayer.messagebus.CommandType;
import com.example.allocation.servicelayer.messagebus.Commands;
import com.example.allocation.servicelayer.messagebus.Envelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts what the bus does (README, "Metrics"), every counter made up front so that counting costs a map lookup:
 * <ul>
 *   <li>{@code allocation_commands_total{type, outcome}}: each command by how it ended — {@code accepted}
 *       (committed), {@code refused} (by the rules; nothing changed) or {@code failed} (its transaction failed: the
 *       database away or too slow, or a race lost too often). Under group commit a failed batch's commands are each
 *       tried again alone, and counted again.</li>
 *   <li>{@code allocation_allocations_total{outcome}}: order lines given a batch ({@code allocated}, including a line
 *       moved or filled from backorder) or put on backorder ({@code backordered}), once committed.</li>
 *   <li>{@code allocation_holds_placed_total} and {@code allocation_holds_released_total{reason}}: checkout holds placed,
 *       and released by reason ({@code released}, {@code expired}, {@code confirmed}, {@code lost}), once committed —
 *       each hold once, however many SKUs it holds.</li>
 * </ul>
 */
public final class Metered implements Batches {

    private final Batches batches;
    private final Map<Class<?>, Outcomes> commands = new HashMap<>();
    private final Map<Class<?>, Counter> allocations;
    private final Counter holdsPlaced;
    private final Map<String, Counter> holdsReleased = new HashMap<>();

    public Metered(Batches batches, MeterRegistry meters) {
        this.batches = batches;
        for (CommandType<?> type : Commands.ALL) {
            commands.put(type.type(), new Outcomes(command(meters, type, "accepted"), command(meters, type, "refused"),
                    command(meters, type, "failed")));
        }
        this.allocations = Map.of(Allocated.class, allocation(meters, "allocated"), Backordered.class, allocation(meters, "backordered"));
        this.holdsPlaced = Counter.builder("allocation.holds.placed").description("Checkout holds placed").register(meters);
        for (Hold.Status reason : List.of(Hold.Status.RELEASED, Hold.Status.EXPIRED, Hold.Status.CONFIRMED, Hold.Status.LOST)) {
            holdsReleased.put(reason.toString(), Counter.builder("allocation.holds.released")
                    .description("Checkout holds that no longer hold stock, by why").tag("reason", reason.toString()).register(meters));
        }
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
            Set<String> placed = new HashSet<>();
            Set<List<String>> released = new HashSet<>();
            for (Event event : outcome.events()) {
                Counter counter = allocations.get(event.getClass());
                if (counter != null) {
                    counter.increment();
                } else if (event instanceof HoldPlaced hold && placed.add(hold.holdId())) {
                    holdsPlaced.increment();
                } else if (event instanceof HoldReleased hold && released.add(List.of(hold.holdId(), hold.reason()))) {
                    holdsReleased.get(hold.reason()).increment();
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
