package com.example.allocation.servicelayer;

import com.example.allocation.domain.AllocationException;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit, beyond the book: commands that arrive together are handled by the {@link MessageBus} in one
 * unit of work and one commit, each keeping its own outcome. The service would behave the same without it,
 * one commit per command, only slower (docs/decisions.md, decision 14); a first reading can skip this class.
 *
 * <p>Commands go to lanes ({@link CommandLanes}) by the product they change, so all of one product's
 * commands meet in one lane and never race each other in this process. What stays true for each caller:
 * <ul>
 *   <li>it is answered only after the commit that holds its change;</li>
 *   <li>a command the rules refuse fails alone, and changes nothing;</li>
 *   <li>if the batch fails in any other way, its commands run again one by one, so that none fails for
 *       another's sake;</li>
 *   <li>events, the outbox and the retries of a lost race are the bus's, as for a command on its own.</li>
 * </ul>
 */
public final class GroupCommit implements CommandBus {

    /** The most commands one transaction takes. */
    public static final int DEFAULT_MAX_BATCH = 64;

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final MessageBus bus;
    private final UnitOfWorkFactory units;
    private final CommandLanes lanes;

    /**
     * @param lanes how many batches may run side by side, each on a database connection of its own
     * @param maxBatch the most commands one batch may hold
     */
    public GroupCommit(MessageBus bus, UnitOfWorkFactory units, int lanes, int maxBatch) {
        if (lanes < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("need at least one lane and a batch of one, got " + lanes + ", " + maxBatch);
        }
        this.bus = bus;
        this.units = units;
        ToIntFunction<Command> route = lanes == 1 ? command -> 0 : command -> productOf(command).hashCode();
        this.lanes = new CommandLanes(lanes, maxBatch, route, this::run);
    }

    @Override
    public void handle(Command command) {
        lanes.run(command);
    }

    /**
     * The SKU of the product the command changes. A change of quantity names only its batch, so the batch's
     * product is looked up (a batch never moves to another product); an unknown batch is routed by its
     * reference, and its handler refuses it.
     */
    String productOf(Command command) {
        if (command instanceof Allocate allocate) {
            return allocate.sku();
        }
        if (command instanceof Deallocate deallocate) {
            return deallocate.sku();
        }
        if (command instanceof CreateBatch createBatch) {
            return createBatch.sku();
        }
        String reference = ((ChangeBatchQuantity) command).reference();
        try (UnitOfWork uow = units.start()) {
            return uow.products().getByBatchReference(reference).map(Product::sku).orElse(reference);
        }
    }

    /** How many commands wait in the lanes for their turn. */
    int waiting() {
        return lanes.waiting();
    }

    private void run(List<CommandLanes.Pending> batch) {
        List<Optional<AllocationException>> refusals;
        try {
            refusals = bus.handleTogether(batch.stream().map(pending -> pending.command).toList());
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).fail(e);
                return;
            }
            log.warn("A batch of {} commands failed together ({}); running them one by one", batch.size(), e.toString());
            batch.forEach(this::runAlone);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            CommandLanes.Pending pending = batch.get(i);
            refusals.get(i).ifPresentOrElse(pending::fail, pending::succeed);
        }
    }

    private void runAlone(CommandLanes.Pending pending) {
        try {
            bus.handle(pending.command);
            pending.succeed();
        } catch (RuntimeException e) {
            pending.fail(e);
        }
    }
}
