package com.example.allocation.servicelayer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.domain.refusals.LineConflict;
import com.example.allocation.servicelayer.FakeStore.HistoryEntry;
import com.example.allocation.servicelayer.messagebus.Origin;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Each order's history, written by an event handler with the change: why a line is where it is, in words. */
class OrderHistoryTest {

    private static final LocalDate CHRISTMAS = LocalDate.of(2026, 12, 24);

    private final FakeService service = new FakeService();

    private void handle(Command command, String requestId) {
        service.bus.handle(command, Origin.UNAUTHENTICATED.correlatedBy(requestId));
    }

    @Test
    void a_line_moved_by_a_shrinking_batch_reads_as_a_story_allocated_taken_out_because_reduced_and_allocated_elsewhere() {
        handle(new CreateBatch("batch-001", "SOFA", 10, null), "req-1");
        handle(new CreateBatch("batch-002", "SOFA", 10, CHRISTMAS), "req-2");
        handle(new Allocate("ORD-9", "SOFA", 8), "req-3");

        handle(new ChangeBatchQuantity("batch-001", 5), "req-4");

        assertThat(service.store.history("ORD-9")).containsExactly(
                new HistoryEntry("ORD-9", "SOFA", 8, "Allocated", "batch-001", "order line placed", "req-3"),
                new HistoryEntry("ORD-9", "SOFA", 8, "Deallocated", "batch-001", "batch batch-001 reduced to 5", "req-4"),
                new HistoryEntry("ORD-9", "SOFA", 8, "Allocated", "batch-002", "batch batch-001 reduced to 5", "req-4"));
    }

    @Test
    void a_backordered_line_filled_by_new_stock_names_the_batch_that_filled_it() {
        handle(new CreateBatch("small", "LAMP", 1, null), "req-1");
        handle(new Allocate("ORD-1", "LAMP", 5), "req-2");
        handle(new Allocate("ORD-2", "LAMP", 5), "req-3");

        handle(new CreateBatch("arrival", "LAMP", 5, CHRISTMAS), "req-4");
        handle(new ChangeBatchQuantity("small", 5), "req-5");

        assertThat(service.store.history("ORD-1")).containsExactly(
                new HistoryEntry("ORD-1", "LAMP", 5, "Backordered", null, "order line placed", "req-2"),
                new HistoryEntry("ORD-1", "LAMP", 5, "Allocated", "arrival", "batch arrival added", "req-4"));
        assertThat(service.store.history("ORD-2")).containsExactly(
                new HistoryEntry("ORD-2", "LAMP", 5, "Backordered", null, "order line placed", "req-3"),
                new HistoryEntry("ORD-2", "LAMP", 5, "Allocated", "small", "batch small raised to 5", "req-5"));
    }

    @Test
    void a_cancelled_line_ends_with_its_cancellation_and_the_line_it_freed_stock_for_says_so() {
        handle(new CreateBatch("batch-001", "CHAIR", 4, null), "req-1");
        handle(new Allocate("ORD-1", "CHAIR", 4), "req-2");
        handle(new Allocate("ORD-2", "CHAIR", 3), "req-3");

        handle(new Deallocate("ORD-1", "CHAIR"), "req-4");

        assertThat(service.store.history("ORD-1")).containsExactly(
                new HistoryEntry("ORD-1", "CHAIR", 4, "Allocated", "batch-001", "order line placed", "req-2"),
                new HistoryEntry("ORD-1", "CHAIR", 4, "LineCancelled", "batch-001", "line ORD-1/CHAIR cancelled", "req-4"));
        assertThat(service.store.history("ORD-2")).last()
                .isEqualTo(new HistoryEntry("ORD-2", "CHAIR", 3, "Allocated", "batch-001", "line ORD-1/CHAIR cancelled", "req-4"));
    }

    @Test
    void a_refused_command_adds_nothing_to_the_history() {
        handle(new CreateBatch("batch-001", "CHAIR", 4, null), "req-1");
        handle(new Allocate("ORD-1", "CHAIR", 2), "req-2");

        assertThatThrownBy(() -> handle(new Allocate("ORD-1", "CHAIR", 3), "req-3")).isInstanceOf(LineConflict.class);
        handle(new Allocate("ORD-1", "CHAIR", 2), "req-4");

        assertThat(service.store.history("ORD-1")).containsExactly(
                new HistoryEntry("ORD-1", "CHAIR", 2, "Allocated", "batch-001", "order line placed", "req-2"));
    }
}
