package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.domain.events.Deallocated;
import com.example.allocation.domain.events.Event;
import java.util.List;

/** A command as the cause of what it did, in words a support agent reads in an order's history. */
final class Causes {

    private Causes() {
    }

    /**
     * @param raised the events the command raised: a batch whose change took lines out of it was reduced (rule 7
     *     takes lines out of a batch only when it shrinks), one whose change put lines in was raised
     */
    static String of(Command command, List<Event> raised) {
        if (command instanceof Allocate) {
            return "order line placed";
        }
        if (command instanceof CreateBatch created) {
            return "batch " + created.batchRef() + " added";
        }
        if (command instanceof ChangeBatchQuantity changed) {
            boolean reduced = raised.stream().anyMatch(Deallocated.class::isInstance);
            return "batch " + changed.batchRef() + (reduced ? " reduced to " : " raised to ") + changed.qty();
        }
        Deallocate cancelled = (Deallocate) command;
        return "line " + cancelled.orderId() + "/" + cancelled.sku() + " cancelled";
    }
}
