package com.example.allocation.domain;

import static com.example.allocation.TestDates.LATER;
import static com.example.allocation.TestDates.NOW;
import static com.example.allocation.TestDates.TODAY;
import static com.example.allocation.TestDates.TOMORROW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.Backordered;
import com.example.allocation.domain.events.BatchCreated;
import com.example.allocation.domain.events.BatchQuantityChanged;
import com.example.allocation.domain.events.Deallocated;
import com.example.allocation.domain.events.LineCancelled;
import com.example.allocation.domain.events.OutOfStock;
import com.example.allocation.domain.refusals.DuplicateBatch;
import com.example.allocation.domain.refusals.InvalidInput;
import com.example.allocation.domain.refusals.LineConflict;
import com.example.allocation.domain.refusals.UnknownBatch;
import com.example.allocation.domain.refusals.UnknownLine;
import org.junit.jupiter.api.Test;

/** The domain rules of docs/spec.md §2, on the aggregate itself (low gear). */
class ProductTest {

    private final Product product = new Product("RETRO-CLOCK");

    private static OrderLine line(String orderId, int qty) {
        return new OrderLine(orderId, "RETRO-CLOCK", qty);
    }

    private String batchOf(String orderId) {
        return product.line(orderId).orElseThrow().batchRef();
    }

    private int available(String batchRef) {
        return product.batch(batchRef).orElseThrow().availableQuantity();
    }

    @Test
    void allocating_to_a_batch_reduces_the_available_quantity() {
        product.addBatch("batch-001", 20, null, NOW);

        product.allocate(line("order-1", 2), NOW);

        assertThat(available("batch-001")).isEqualTo(18);
    }

    @Test
    void prefers_warehouse_batches_to_shipments() {
        product.addBatch("shipment-batch", 100, TOMORROW, NOW);
        product.addBatch("in-stock-batch", 100, null, NOW);

        product.allocate(line("order-1", 10), NOW);

        assertThat(batchOf("order-1")).isEqualTo("in-stock-batch");
        assertThat(available("in-stock-batch")).isEqualTo(90);
        assertThat(available("shipment-batch")).isEqualTo(100);
    }

    @Test
    void prefers_earlier_batches() {
        product.addBatch("slow", 100, LATER, NOW);
        product.addBatch("medium", 100, TOMORROW, NOW);
        product.addBatch("speedy", 100, TODAY, NOW);

        product.allocate(line("order-1", 10), NOW);

        assertThat(batchOf("order-1")).isEqualTo("speedy");
    }

    @Test
    void breaks_ties_in_favour_of_the_batch_created_first() {
        product.addBatch("second-created", 100, TOMORROW, NOW);
        product.addBatch("first-warehouse", 100, null, NOW);
        product.addBatch("second-warehouse", 100, null, NOW);

        product.allocate(line("order-1", 10), NOW);

        assertThat(batchOf("order-1")).isEqualTo("first-warehouse");
    }

    @Test
    void skips_a_preferred_batch_too_small_for_the_whole_line() {
        product.addBatch("in-stock-batch", 5, null, NOW);
        product.addBatch("shipment-batch", 100, TOMORROW, NOW);

        product.allocate(line("order-1", 10), NOW);

        assertThat(batchOf("order-1")).isEqualTo("shipment-batch");
        assertThat(available("in-stock-batch")).isEqualTo(5);
    }

    @Test
    void records_an_allocated_event() {
        product.addBatch("batch-001", 100, null, NOW);
        product.pullEvents();

        product.allocate(line("order-1", 10), NOW);

        assertThat(product.pullEvents()).containsExactly(new Allocated("order-1", "RETRO-CLOCK", 10, "batch-001"));
    }

    @Test
    void records_the_facts_about_its_batches_before_what_they_cause() {
        product.addBatch("batch-001", 10, TOMORROW, NOW);
        product.allocate(line("order-1", 8), NOW);

        product.changeBatchQuantity("batch-001", 20, NOW);

        assertThat(product.pullEvents()).containsExactly(
                new BatchCreated("batch-001", "RETRO-CLOCK", 10, TOMORROW),
                new Allocated("order-1", "RETRO-CLOCK", 8, "batch-001"),
                new BatchQuantityChanged("batch-001", "RETRO-CLOCK", 20));
    }

    @Test
    void increments_the_version_number_on_every_change() {
        product.addBatch("batch-001", 100, null, NOW);
        long afterBatch = product.version();

        product.allocate(line("order-1", 10), NOW);
        product.changeBatchQuantity("batch-001", 50, NOW);
        product.deallocate("order-1", NOW);

        assertThat(product.version()).isEqualTo(afterBatch + 3);
    }

    @Test
    void keeps_a_line_it_cannot_allocate_as_backordered_and_records_out_of_stock() {
        product.addBatch("batch-001", 10, null, NOW);
        product.allocate(line("order-1", 10), NOW);
        product.pullEvents();

        product.allocate(line("order-2", 1), NOW);

        assertThat(product.line("order-2")).hasValueSatisfying(line -> assertThat(line.isBackordered()).isTrue());
        assertThat(product.pullEvents()).containsExactly(
                new Backordered("order-2", "RETRO-CLOCK", 1), new OutOfStock("RETRO-CLOCK"));
    }

    @Test
    void allocates_a_repeated_line_only_once() {
        product.addBatch("batch-001", 100, null, NOW);
        product.allocate(line("order-1", 10), NOW);
        long version = product.version();
        product.pullEvents();

        product.allocate(line("order-1", 10), NOW);

        assertThat(available("batch-001")).isEqualTo(90);
        assertThat(product.version()).isEqualTo(version);
        assertThat(product.pullEvents()).isEmpty();
    }

    @Test
    void refuses_the_same_line_with_another_quantity_as_a_conflict() {
        product.addBatch("batch-001", 100, null, NOW);
        product.allocate(line("order-1", 10), NOW);

        assertThatThrownBy(() -> product.allocate(line("order-1", 11), NOW))
                .isInstanceOf(LineConflict.class)
                .hasMessageContaining("order-1").hasMessageContaining("10").hasMessageContaining("11");
        assertThat(available("batch-001")).isEqualTo(90);
    }

    @Test
    void refuses_a_second_batch_with_the_same_reference() {
        product.addBatch("batch-001", 100, null, NOW);

        assertThatThrownBy(() -> product.addBatch("batch-001", 5, TOMORROW, NOW))
                .isInstanceOf(DuplicateBatch.class).hasMessage("Batch batch-001 already exists");
    }

    @Test
    void shrinking_a_batch_deallocates_its_most_recently_allocated_lines_first() {
        product.addBatch("batch-001", 20, null, NOW);
        product.allocate(line("oldest", 10), NOW);
        product.allocate(line("middle", 5), NOW);
        product.allocate(line("newest", 5), NOW);
        product.pullEvents();

        product.changeBatchQuantity("batch-001", 12, NOW);

        assertThat(product.pullEvents()).startsWith(new BatchQuantityChanged("batch-001", "RETRO-CLOCK", 12),
                new Deallocated("newest", "RETRO-CLOCK", 5, "batch-001"), new Deallocated("middle", "RETRO-CLOCK", 5, "batch-001"));
        assertThat(batchOf("oldest")).isEqualTo("batch-001");
        assertThat(available("batch-001")).isEqualTo(2);
    }

    @Test
    void a_line_taken_out_of_a_shrunk_batch_is_reallocated_to_the_next_best_batch() {
        product.addBatch("warehouse", 10, null, NOW);
        product.addBatch("shipment", 10, TOMORROW, NOW);
        product.allocate(line("order-1", 8), NOW);
        product.pullEvents();

        product.changeBatchQuantity("warehouse", 5, NOW);

        assertThat(batchOf("order-1")).isEqualTo("shipment");
        assertThat(product.pullEvents()).containsExactly(new BatchQuantityChanged("warehouse", "RETRO-CLOCK", 5),
                new Deallocated("order-1", "RETRO-CLOCK", 8, "warehouse"), new Allocated("order-1", "RETRO-CLOCK", 8, "shipment"));
        assertThat(available("warehouse")).isEqualTo(5);
        assertThat(available("shipment")).isEqualTo(2);
    }

    @Test
    void a_line_taken_out_of_a_shrunk_batch_with_nowhere_to_go_is_backordered() {
        product.addBatch("warehouse", 10, null, NOW);
        product.allocate(line("order-1", 8), NOW);
        product.pullEvents();

        product.changeBatchQuantity("warehouse", 5, NOW);

        assertThat(product.line("order-1")).hasValueSatisfying(line -> assertThat(line.isBackordered()).isTrue());
        assertThat(product.pullEvents()).containsExactly(new BatchQuantityChanged("warehouse", "RETRO-CLOCK", 5),
                new Deallocated("order-1", "RETRO-CLOCK", 8, "warehouse"), new Backordered("order-1", "RETRO-CLOCK", 8), new OutOfStock("RETRO-CLOCK"));
        assertThat(available("warehouse")).isEqualTo(5);
    }

    @Test
    void stock_freed_beyond_the_shortfall_of_a_shrunk_batch_goes_to_a_waiting_line() {
        product.addBatch("batch-001", 2, null, NOW);
        product.allocate(line("big", 2), NOW);
        product.allocate(line("small-waiting", 1), NOW);

        product.changeBatchQuantity("batch-001", 1, NOW);

        assertThat(product.line("big")).hasValueSatisfying(line -> assertThat(line.isBackordered()).isTrue());
        assertThat(batchOf("small-waiting")).isEqualTo("batch-001");
        assertThat(available("batch-001")).isZero();
    }

    @Test
    void a_new_batch_fills_backorders_oldest_first() {
        product.addBatch("sold-out", 1, null, NOW);
        product.allocate(line("taker", 1), NOW);
        product.allocate(line("first-waiting", 6), NOW);
        product.allocate(line("second-waiting", 6), NOW);
        product.pullEvents();

        product.addBatch("restock", 10, TOMORROW, NOW);

        assertThat(batchOf("first-waiting")).isEqualTo("restock");
        assertThat(product.line("second-waiting")).hasValueSatisfying(line -> assertThat(line.isBackordered()).isTrue());
        assertThat(product.pullEvents()).containsExactly(new BatchCreated("restock", "RETRO-CLOCK", 10, TOMORROW),
                new Allocated("first-waiting", "RETRO-CLOCK", 6, "restock"));
    }

    @Test
    void a_backorder_too_big_for_the_stock_does_not_hold_up_smaller_ones_behind_it() {
        product.addBatch("sold-out", 1, null, NOW);
        product.allocate(line("taker", 1), NOW);
        product.allocate(line("big", 50), NOW);
        product.allocate(line("small", 3), NOW);

        product.addBatch("restock", 10, null, NOW);

        assertThat(product.line("big")).hasValueSatisfying(line -> assertThat(line.isBackordered()).isTrue());
        assertThat(batchOf("small")).isEqualTo("restock");
    }

    @Test
    void raising_a_batch_quantity_fills_backorders_oldest_first() {
        product.addBatch("batch-001", 10, null, NOW);
        product.allocate(line("taker", 10), NOW);
        product.allocate(line("first-waiting", 4), NOW);
        product.allocate(line("second-waiting", 4), NOW);

        product.changeBatchQuantity("batch-001", 15, NOW);

        assertThat(batchOf("first-waiting")).isEqualTo("batch-001");
        assertThat(product.line("second-waiting")).hasValueSatisfying(line -> assertThat(line.isBackordered()).isTrue());
        assertThat(available("batch-001")).isEqualTo(1);
    }

    @Test
    void cancelling_a_line_frees_its_stock_and_does_not_reallocate_it() {
        product.addBatch("batch-001", 10, null, NOW);
        product.allocate(line("order-1", 4), NOW);
        product.pullEvents();

        product.deallocate("order-1", NOW);

        assertThat(product.line("order-1")).isEmpty();
        assertThat(available("batch-001")).isEqualTo(10);
        assertThat(product.pullEvents()).containsExactly(new LineCancelled("order-1", "RETRO-CLOCK", 4, "batch-001"));
    }

    @Test
    void cancelling_a_line_lets_a_waiting_line_take_its_stock() {
        product.addBatch("batch-001", 10, null, NOW);
        product.allocate(line("order-1", 10), NOW);
        product.allocate(line("waiting", 7), NOW);

        product.deallocate("order-1", NOW);

        assertThat(batchOf("waiting")).isEqualTo("batch-001");
        assertThat(available("batch-001")).isEqualTo(3);
    }

    @Test
    void cancelling_a_backordered_line_removes_it() {
        product.addBatch("batch-001", 1, null, NOW);
        product.allocate(line("waiting", 7), NOW);

        product.deallocate("waiting", NOW);

        assertThat(product.line("waiting")).isEmpty();
        assertThat(available("batch-001")).isEqualTo(1);
    }

    @Test
    void cancelling_a_line_the_product_does_not_have_is_an_unknown_line() {
        assertThatThrownBy(() -> product.deallocate("order-404", NOW))
                .isInstanceOf(UnknownLine.class).hasMessage("Order order-404 has no line for RETRO-CLOCK");
    }

    @Test
    void changing_the_quantity_of_a_batch_it_does_not_have_is_an_unknown_batch() {
        assertThatThrownBy(() -> product.changeBatchQuantity("batch-404", 3, NOW))
                .isInstanceOf(UnknownBatch.class).hasMessage("Unknown batch batch-404");
    }

    @Test
    void a_line_of_another_sku_is_refused() {
        product.addBatch("batch-001", 10, null, NOW);

        assertThatThrownBy(() -> product.allocate(new OrderLine("order-1", "OTHER-SKU", 1), NOW))
                .isInstanceOf(InvalidInput.class);
    }

    @Test
    void a_promise_names_the_batch_a_line_would_go_to_now_warehouse_first_then_the_earliest_eta_and_only_whole() {
        product.addBatch("later", 100, LATER, NOW);
        product.addBatch("tomorrow", 10, TOMORROW, NOW);
        product.addBatch("warehouse", 5, null, NOW);

        assertThat(product.promise(5).map(Batch::batchRef)).contains("warehouse");
        assertThat(product.promise(6).map(Batch::batchRef)).as("the warehouse cannot take 6 whole").contains("tomorrow");
        assertThat(product.promise(11).map(Batch::batchRef)).contains("later");
        assertThat(product.promise(101)).as("nothing could take it: it would be backordered").isEmpty();
    }

    @Test
    void asking_for_a_promise_changes_nothing_and_available_now_counts_the_warehouse_alone() {
        product.addBatch("warehouse", 5, null, NOW);
        product.addBatch("shipment", 10, TOMORROW, NOW);
        product.allocate(line("order-1", 2), NOW);
        product.pullEvents();
        long version = product.version();

        product.promise(3);

        assertThat(product.version()).isEqualTo(version);
        assertThat(product.pullEvents()).isEmpty();
        assertThat(available("warehouse")).isEqualTo(3);
        assertThat(product.availableNow()).isEqualTo(3);
    }

    @Test
    void what_the_warehouse_has_free_is_counted_past_what_one_batch_can_hold() {
        product.addBatch("warehouse-1", Integer.MAX_VALUE, null, NOW);
        product.addBatch("warehouse-2", Integer.MAX_VALUE, null, NOW);
        product.addBatch("shipment", Integer.MAX_VALUE, TOMORROW, NOW);

        assertThat(product.availableNow()).isEqualTo(4_294_967_294L);
    }
}
