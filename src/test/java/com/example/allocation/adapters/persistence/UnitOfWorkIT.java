package com.example.allocation.adapters.persistence;

import static com.example.allocation.TestDates.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.example.allocation.DatabaseTest;
import com.example.allocation.TestDatabases;
import com.example.allocation.domain.Hold;
import com.example.allocation.domain.OrderLine;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.events.Allocated;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.outbox.ChannelMessage;
import com.example.allocation.servicelayer.outbox.Notification;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import com.example.allocation.views.Views;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class UnitOfWorkIT extends DatabaseTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private UnitOfWork start() {
        return database.unitsOfWork().start();
    }

    private void insertProductWithBatch(String sku, String batchRef, int qty) {
        try (UnitOfWork uow = start()) {
            Product product = new Product(sku);
            product.addBatch(batchRef, qty, null, NOW);
            uow.products().add(product);
            uow.commit();
        }
    }

    private Optional<String> batchOf(String sku, String orderId) {
        try (UnitOfWork uow = start()) {
            return uow.products().get(sku).orElseThrow().line(orderId).flatMap(line -> line.batch());
        }
    }

    @Test
    void a_committed_unit_of_work_persists_its_changes() {
        insertProductWithBatch("HIPSTER-WORKBENCH", "batch1", 100);

        try (UnitOfWork uow = start()) {
            uow.products().get("HIPSTER-WORKBENCH").orElseThrow().allocate(new OrderLine("o1", "HIPSTER-WORKBENCH", 10), NOW);
            uow.commit();
        }

        assertThat(batchOf("HIPSTER-WORKBENCH", "o1")).contains("batch1");
    }

    @Test
    void a_unit_of_work_left_without_commit_rolls_back() {
        insertProductWithBatch("MEDIUM-PLINTH", "batch1", 100);

        try (UnitOfWork uow = start()) {
            uow.products().get("MEDIUM-PLINTH").orElseThrow().allocate(new OrderLine("o1", "MEDIUM-PLINTH", 10), NOW);
            uow.readModel().add("o1", "MEDIUM-PLINTH", "batch1");
        }

        assertThat(batchOf("MEDIUM-PLINTH", "o1")).isEmpty();
        assertThat(new Views(database.jdbi(), database.unitsOfWork()).allocations("o1")).isEmpty();
    }

    @Test
    void an_exception_rolls_back_everything_done_in_the_unit_of_work() {
        insertProductWithBatch("LARGE-FORK", "batch1", 100);

        assertThatThrownBy(() -> {
            try (UnitOfWork uow = start()) {
                uow.products().get("LARGE-FORK").orElseThrow().allocate(new OrderLine("o1", "LARGE-FORK", 10), NOW);
                uow.outbox().add(new Notification("stock@made.com", "hello"));
                throw new IllegalStateException("something went wrong");
            }
        }).hasMessage("something went wrong");

        assertThat(batchOf("LARGE-FORK", "o1")).isEmpty();
        try (UnitOfWork uow = start()) {
            assertThat(uow.outbox().pending(0, 10)).isEmpty();
        }
    }

    @Test
    void a_nested_unit_of_work_closed_without_commit_undoes_only_its_own_writes() {
        try (UnitOfWork uow = start()) {
            uow.readModel().add("kept", "LAMP", "b1");
            try (UnitOfWork step = uow.nested(Origin.UNAUTHENTICATED)) {
                step.readModel().add("undone", "LAMP", "b1");
            }
            try (UnitOfWork step = uow.nested(Origin.UNAUTHENTICATED)) {
                step.readModel().add("committed-step", "LAMP", "b1");
                step.commit();
            }
            uow.commit();
        }

        Views views = new Views(database.jdbi(), database.unitsOfWork());
        assertThat(views.allocations("kept")).hasSize(1);
        assertThat(views.allocations("undone")).isEmpty();
        assertThat(views.allocations("committed-step")).hasSize(1);
    }

    @Test
    void a_write_the_database_refuses_fails_the_commit_and_nothing_of_the_unit_is_kept() {
        insertProductWithBatch("LAMP", "b1", 10);

        assertThatThrownBy(() -> {
            try (UnitOfWork uow = start()) {
                uow.products().get("LAMP").orElseThrow().allocate(new OrderLine("o1", "LAMP", 1), NOW);
                try (UnitOfWork step = uow.nested(Origin.UNAUTHENTICATED)) {
                    step.outbox().add(new Notification("x".repeat(300), "a destination longer than the column"));
                    step.commit();
                }
                uow.commit();
            }
        }).isInstanceOf(RuntimeException.class);

        assertThat(batchOf("LAMP", "o1")).isEmpty();
        try (UnitOfWork uow = start()) {
            assertThat(uow.outbox().pending(0, 10)).isEmpty();
        }
    }

    @Test
    void a_message_recorded_in_the_inbox_counts_as_applied_at_once_and_after_commit_but_not_after_a_rollback() {
        try (UnitOfWork uow = start()) {
            uow.inbox().add("m1");
            assertThat(uow.inbox().contains("m1")).isTrue();
            uow.commit();
        }
        try (UnitOfWork uow = start()) {
            uow.inbox().add("m2");
        }

        try (UnitOfWork uow = start()) {
            assertThat(uow.inbox().contains("m1")).isTrue();
            assertThat(uow.inbox().contains("m2")).isFalse();
        }
    }

    @Test
    void a_fact_recorded_in_an_orders_history_is_stored_at_commit_with_its_cause_and_request() {
        try (UnitOfWork uow = start()) {
            try (UnitOfWork step = uow.nested(new Origin(null, "request-7").because("order line placed"))) {
                step.history().record("o1", "LAMP", 2, "Allocated", "b1");
                step.commit();
            }
            uow.history().record("o1", "LAMP", 2, "Deallocated", "b1");
            uow.commit();
        }

        assertThat(new Views(database.jdbi(), database.unitsOfWork()).history("o1").orElseThrow().history())
                .extracting(Views.HistoryEntryView::type, Views.HistoryEntryView::batchref, Views.HistoryEntryView::cause,
                        Views.HistoryEntryView::requestId)
                .containsExactly(
                        tuple("Allocated", "b1", "order line placed", "request-7"),
                        tuple("Deallocated", "b1", "(not recorded)", null));
    }

    @Test
    void outbox_entries_are_handed_out_oldest_first_and_not_again_once_delivered() {
        Allocated first = new Allocated("o1", "LAMP", 1, "b1");
        try (UnitOfWork uow = start()) {
            uow.outbox().add(new ChannelMessage("line_allocated", first));
            uow.outbox().add(new Notification("stock@made.com", "Out of stock for LAMP"));
            uow.commit();
        }

        List<OutboxEntry> claimed;
        try (UnitOfWork uow = start()) {
            claimed = uow.outbox().pending(0, 10);
            uow.outbox().delivered(List.of(claimed.get(0).id()));
            uow.commit();
        }

        assertThat(claimed).extracting(OutboxEntry::message).containsExactly(
                new ChannelMessage("line_allocated", first), new Notification("stock@made.com", "Out of stock for LAMP"));
        assertThat(claimed.get(0).messageId()).isNotEqualTo(claimed.get(1).messageId());
        try (UnitOfWork uow = start()) {
            assertThat(uow.outbox().pending(0, 10)).extracting(OutboxEntry::id).containsExactly(claimed.get(1).id());
        }
    }

    @Test
    void a_unit_of_work_that_locks_what_it_reads_wins_the_race_against_one_that_read_the_product_before_it() {
        insertProductWithBatch("LOCKED-LAMP", "batch1", 100);

        try (UnitOfWork optimistic = start(); UnitOfWork locking = database.unitsOfWork().lockingWhatTheyRead().start()) {
            optimistic.products().get("LOCKED-LAMP").orElseThrow().allocate(new OrderLine("o1", "LOCKED-LAMP", 1), NOW);
            locking.products().get("LOCKED-LAMP").orElseThrow().allocate(new OrderLine("o2", "LOCKED-LAMP", 1), NOW);
            // Whenever it runs, the optimistic commit meets the lock, or the version the locking one committed.
            CompletableFuture<Void> optimisticCommit = CompletableFuture.runAsync(optimistic::commit);
            locking.commit();

            assertThatThrownBy(optimisticCommit::join).hasCauseInstanceOf(ConcurrencyConflict.class);
        }
        assertThat(batchOf("LOCKED-LAMP", "o2")).contains("batch1");
        assertThat(batchOf("LOCKED-LAMP", "o1")).isEmpty();
    }

    @Test
    void one_relay_at_a_time_hands_out_the_outbox() {
        try (UnitOfWork first = start(); UnitOfWork second = start()) {
            assertThat(first.outbox().becomeRelay()).isTrue();
            // On PostgreSQL instances share the database, and take turns through an advisory lock. H2's file
            // database serves one process, whose single relay thread needs none.
            assertThat(second.outbox().becomeRelay()).isEqualTo(kind != TestDatabases.Kind.POSTGRES);
        }
        try (UnitOfWork next = start()) {
            assertThat(next.outbox().becomeRelay()).isTrue();
        }
    }

    private static Hold placeHold(UnitOfWork uow, String holdId, String sku, int qty) {
        Hold hold = Hold.place(holdId, List.of(new Hold.Wanted(sku, qty)), Duration.ofMinutes(15), NOW,
                each -> uow.products().get(each).orElseThrow());
        uow.holds().add(hold);
        return hold;
    }

    @Test
    void a_nested_unit_of_work_hands_out_its_parents_holds() {
        insertProductWithBatch("LAMP", "b1", 10);

        try (UnitOfWork uow = start()) {
            Hold hold = placeHold(uow, "cart", "LAMP", 2);
            try (UnitOfWork step = uow.nested(Origin.UNAUTHENTICATED)) {
                assertThat(step.holds().get("cart")).containsSame(hold);
            }
        }
    }

    @Test
    void a_hold_placed_in_a_unit_of_work_left_without_commit_is_not_kept_nor_is_its_stock() {
        insertProductWithBatch("LAMP", "b1", 10);

        try (UnitOfWork uow = start()) {
            placeHold(uow, "cart", "LAMP", 2);
        }

        try (UnitOfWork uow = start()) {
            assertThat(uow.holds().get("cart")).isEmpty();
            assertThat(uow.products().get("LAMP").orElseThrow().held()).isEmpty();
        }
    }

    @Test
    void the_database_refuses_a_batch_whose_allocated_and_held_stock_pass_what_was_purchased() {
        insertProductWithBatch("LAMP", "b1", Integer.MAX_VALUE);
        database.jdbi().useHandle(handle -> handle.execute("UPDATE batches SET allocated = 2147483646, held = 1"));

        // Summed as 32-bit integers, the two would fail as an overflow; the check sums them in 64 bits and refuses.
        assertThatThrownBy(() -> database.jdbi().useHandle(handle -> handle.execute("UPDATE batches SET held = 2")))
                .message().containsIgnoringCase("batch_stock_within_purchased");
        assertThatThrownBy(() -> database.jdbi().useHandle(handle -> handle.execute("UPDATE batches SET held = -1")))
                .isInstanceOf(RuntimeException.class);
    }
}
