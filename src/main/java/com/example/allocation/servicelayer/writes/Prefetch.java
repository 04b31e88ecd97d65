package com.example.allocation.servicelayer.writes;

import com.example.allocation.domain.OrderLine;
import com.example.allocation.servicelayer.messagebus.Envelope;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.util.ArrayList;
import java.util.List;

/**
 * What a batch of commands will read, announced to the repository before they run, so that one that can read many
 * things at once does so in one round trip instead of one per command (decision 27). Only a hint: what the
 * commands find is the same without it.
 */
@FunctionalInterface
public interface Prefetch {

    void readAhead(List<Envelope> commands, UnitOfWork uow);

    /** The order lines the commands name, with their products, when there are several. */
    static void orderLines(List<Envelope> commands, UnitOfWork uow) {
        List<OrderLine> lines = new ArrayList<>();
        for (Envelope envelope : commands) {
            envelope.command().orderLine().ifPresent(lines::add);
        }
        if (lines.size() > 1) {
            uow.products().prefetch(lines);
        }
    }
}
