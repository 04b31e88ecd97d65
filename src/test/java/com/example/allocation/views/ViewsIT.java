package com.example.allocation.views;

import static com.example.allocation.TestDates.TOMORROW;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Bootstrap;
import com.example.allocation.DatabaseTest;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.servicelayer.writes.DirectBus;
import com.example.allocation.views.Views.Allocation;
import com.example.allocation.views.Views.BackorderView;
import com.example.allocation.views.Views.BatchView;
import com.example.allocation.views.Views.OrderLineView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read model and the views, kept up to date by the bus on a real database (book chapter 12). */
class ViewsIT extends DatabaseTest {

    private DirectBus bus;
    private Views views;

    @BeforeEach
    void start() {
        bus = Bootstrap.bus(database.unitsOfWork(), Bootstrap.Settings.DEFAULT, () -> { });
        views = new Views(database.jdbi(), database.unitsOfWork());
    }

    @Test
    void an_allocation_shows_in_every_view() {
        bus.handle(new CreateBatch("sku1batch", "sku1", 50, null));
        bus.handle(new CreateBatch("sku2batch", "sku2", 50, TOMORROW));
        bus.handle(new Allocate("order1", "sku1", 20));
        bus.handle(new Allocate("order1", "sku2", 20));
        bus.handle(new Allocate("otherorder", "sku1", 30));

        assertThat(views.allocations("order1")).containsExactly(new Allocation("sku1", "sku1batch"), new Allocation("sku2", "sku2batch"));
        assertThat(views.order("order1")).hasValueSatisfying(order -> assertThat(order.lines()).containsExactly(
                new OrderLineView("sku1", 20, "allocated", "sku1batch", null), new OrderLineView("sku2", 20, "allocated", "sku2batch", TOMORROW)));
        assertThat(views.product("sku1")).hasValueSatisfying(product -> {
            assertThat(product.batches()).containsExactly(new BatchView("sku1batch", null, 50, 50, 0));
            assertThat(product.backordered()).isEmpty();
        });
    }

    @Test
    void a_reallocation_moves_the_line_in_the_views() {
        bus.handle(new CreateBatch("b1", "sku1", 50, null));
        bus.handle(new CreateBatch("b2", "sku1", 50, TOMORROW));
        bus.handle(new Allocate("o1", "sku1", 10));
        bus.handle(new Allocate("o2", "sku1", 10));

        bus.handle(new ChangeBatchQuantity("b1", 15));

        assertThat(views.allocations("o1")).containsExactly(new Allocation("sku1", "b1"));
        assertThat(views.allocations("o2")).containsExactly(new Allocation("sku1", "b2"));
        assertThat(views.product("sku1")).hasValueSatisfying(product -> assertThat(product.batches()).containsExactly(
                new BatchView("b1", null, 15, 10, 5), new BatchView("b2", TOMORROW, 50, 10, 40)));
    }

    @Test
    void a_cancelled_line_leaves_the_views() {
        bus.handle(new CreateBatch("b1", "sku1", 50, null));
        bus.handle(new Allocate("o1", "sku1", 10));

        bus.handle(new Deallocate("o1", "sku1"));

        assertThat(views.allocations("o1")).isEmpty();
        assertThat(views.order("o1")).isEmpty();
        assertThat(views.product("sku1")).hasValueSatisfying(product ->
                assertThat(product.batches()).containsExactly(new BatchView("b1", null, 50, 0, 50)));
    }

    @Test
    void a_backordered_line_shows_as_waiting_until_new_stock_fills_it() {
        bus.handle(new CreateBatch("b1", "sku1", 5, null));
        bus.handle(new Allocate("o1", "sku1", 10));

        assertThat(views.allocations("o1")).isEmpty();
        assertThat(views.order("o1")).hasValueSatisfying(order ->
                assertThat(order.lines()).containsExactly(new OrderLineView("sku1", 10, "backordered", null, null)));
        assertThat(views.product("sku1")).hasValueSatisfying(product ->
                assertThat(product.backordered()).containsExactly(new BackorderView("o1", 10)));

        bus.handle(new CreateBatch("b2", "sku1", 20, TOMORROW));

        assertThat(views.allocations("o1")).containsExactly(new Allocation("sku1", "b2"));
        assertThat(views.order("o1")).hasValueSatisfying(order ->
                assertThat(order.lines()).containsExactly(new OrderLineView("sku1", 10, "allocated", "b2", TOMORROW)));
        assertThat(views.product("sku1")).hasValueSatisfying(product -> assertThat(product.backordered()).isEmpty());
    }

    @Test
    void unknown_orders_and_products_have_no_view() {
        assertThat(views.allocations("nobody")).isEmpty();
        assertThat(views.order("nobody")).isEmpty();
        assertThat(views.product("NOTHING")).isEmpty();
    }
}
