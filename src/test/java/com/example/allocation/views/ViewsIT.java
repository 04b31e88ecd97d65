package com.example.allocation.views;

import static com.example.allocation.TestDates.TOMORROW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.Bootstrap;
import com.example.allocation.DatabaseTest;
import com.example.allocation.domain.Hold;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.ConfirmHold;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.domain.commands.ExpireHold;
import com.example.allocation.domain.commands.PlaceHold;
import com.example.allocation.domain.commands.ReleaseHold;
import com.example.allocation.domain.refusals.UnknownHold;
import com.example.allocation.servicelayer.writes.DirectBus;
import com.example.allocation.views.Views.Allocation;
import com.example.allocation.views.Views.BackorderView;
import com.example.allocation.views.Views.BatchView;
import com.example.allocation.views.Views.HoldLineView;
import com.example.allocation.views.Views.HoldView;
import com.example.allocation.views.Views.OrderLineView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read model and the views, kept up to date by the bus on a real database (book chapter 12). */
class ViewsIT extends DatabaseTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final Instant TEN_MINUTES_LATER = NOW.plus(Duration.ofMinutes(10));

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
        assertThat(views.product("sku1", NOW)).hasValueSatisfying(product -> {
            assertThat(product.batches()).containsExactly(new BatchView("sku1batch", null, 50, 50, 0, 0));
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
        assertThat(views.product("sku1", NOW)).hasValueSatisfying(product -> assertThat(product.batches()).containsExactly(
                new BatchView("b1", null, 15, 10, 0, 5), new BatchView("b2", TOMORROW, 50, 10, 0, 40)));
    }

    @Test
    void a_cancelled_line_leaves_the_views() {
        bus.handle(new CreateBatch("b1", "sku1", 50, null));
        bus.handle(new Allocate("o1", "sku1", 10));

        bus.handle(new Deallocate("o1", "sku1"));

        assertThat(views.allocations("o1")).isEmpty();
        assertThat(views.order("o1")).isEmpty();
        assertThat(views.product("sku1", NOW)).hasValueSatisfying(product ->
                assertThat(product.batches()).containsExactly(new BatchView("b1", null, 50, 0, 0, 50)));
    }

    @Test
    void a_backordered_line_shows_as_waiting_until_new_stock_fills_it() {
        bus.handle(new CreateBatch("b1", "sku1", 5, null));
        bus.handle(new Allocate("o1", "sku1", 10));

        assertThat(views.allocations("o1")).isEmpty();
        assertThat(views.order("o1")).hasValueSatisfying(order ->
                assertThat(order.lines()).containsExactly(new OrderLineView("sku1", 10, "backordered", null, null)));
        assertThat(views.product("sku1", NOW)).hasValueSatisfying(product ->
                assertThat(product.backordered()).containsExactly(new BackorderView("o1", 10)));

        bus.handle(new CreateBatch("b2", "sku1", 20, TOMORROW));

        assertThat(views.allocations("o1")).containsExactly(new Allocation("sku1", "b2"));
        assertThat(views.order("o1")).hasValueSatisfying(order ->
                assertThat(order.lines()).containsExactly(new OrderLineView("sku1", 10, "allocated", "b2", TOMORROW)));
        assertThat(views.product("sku1", NOW)).hasValueSatisfying(product -> assertThat(product.backordered()).isEmpty());
    }

    @Test
    void unknown_orders_and_products_have_no_view() {
        assertThat(views.allocations("nobody")).isEmpty();
        assertThat(views.order("nobody")).isEmpty();
        assertThat(views.product("NOTHING", NOW)).isEmpty();
    }

    /** The bus, telling the commands it is {@code at}. */
    private DirectBus busAt(Instant at) {
        Bootstrap.Settings settings = new Bootstrap.Settings("stock@made.com", Bootstrap.Settings.DEFAULT.retries(),
                Bootstrap.Settings.DEFAULT.groupCommit(), null, Bootstrap.Settings.DEFAULT.meters(), Clock.fixed(at, ZoneOffset.UTC),
                Hold.DEFAULT_TTL);
        return Bootstrap.bus(database.unitsOfWork(), settings, () -> { });
    }

    private static PlaceHold hold(String holdId, String sku, int qty) {
        return new PlaceHold(holdId, List.of(new Hold.Wanted(sku, qty)), 600);
    }

    @Test
    void a_hold_shows_its_lines_by_sku_and_is_expired_from_its_expiry_on_before_anyone_records_it() {
        bus.handle(new CreateBatch("sku1batch", "sku1", 50, null));
        bus.handle(new CreateBatch("sku2batch", "sku2", 50, TOMORROW));
        busAt(NOW).handle(new PlaceHold("cart", List.of(new Hold.Wanted("sku2", 3), new Hold.Wanted("sku1", 2)), 600));

        assertThat(views.hold("cart", NOW)).contains(new HoldView("cart", "active", TEN_MINUTES_LATER, null, List.of(
                new HoldLineView("sku1", 2, "sku1batch", null), new HoldLineView("sku2", 3, "sku2batch", TOMORROW))));
        assertThat(views.hold("cart", TEN_MINUTES_LATER.minusSeconds(1))).map(HoldView::status).contains("active");
        assertThat(views.hold("cart", TEN_MINUTES_LATER)).map(HoldView::status).contains("expired");
        assertThat(views.hold("nobody", NOW)).isEmpty();
    }

    @Test
    void a_hold_shows_the_status_each_command_recorded_and_the_order_it_was_confirmed_for() {
        bus.handle(new CreateBatch("b1", "sku1", 50, null));
        DirectBus atNow = busAt(NOW);
        atNow.handle(hold("confirmed", "sku1", 1));
        atNow.handle(hold("released", "sku1", 1));
        atNow.handle(hold("swept", "sku1", 1));

        atNow.handle(new ConfirmHold("confirmed", "order-1"));
        atNow.handle(new ReleaseHold("released"));
        busAt(TEN_MINUTES_LATER).handle(new ExpireHold("swept"));

        assertThat(views.hold("confirmed", TEN_MINUTES_LATER)).hasValueSatisfying(hold -> {
            assertThat(hold.status()).isEqualTo("confirmed");
            assertThat(hold.orderid()).isEqualTo("order-1");
        });
        assertThat(views.hold("released", NOW)).map(HoldView::status).contains("released");
        assertThat(views.hold("released", NOW)).map(HoldView::orderid).isEmpty();
        assertThat(views.hold("swept", NOW)).as("recorded as expired, whatever the time asked").map(HoldView::status).contains("expired");
    }

    @Test
    void the_product_view_counts_stock_held_by_active_holds_and_not_what_has_expired() {
        bus.handle(new CreateBatch("b1", "sku1", 50, null));
        bus.handle(new Allocate("o1", "sku1", 10));
        busAt(NOW).handle(hold("cart", "sku1", 5));

        assertThat(views.product("sku1", NOW)).hasValueSatisfying(product ->
                assertThat(product.batches()).containsExactly(new BatchView("b1", null, 50, 10, 5, 35)));
        assertThat(views.product("sku1", TEN_MINUTES_LATER)).hasValueSatisfying(product ->
                assertThat(product.batches()).containsExactly(new BatchView("b1", null, 50, 10, 0, 40)));
    }

    @Test
    void the_holder_of_a_hold_is_promised_its_own_held_stock_and_everyone_its_stock_once_expired() {
        bus.handle(new CreateBatch("b1", "sku1", 10, null));
        busAt(NOW).handle(hold("cart", "sku1", 8));

        assertThat(views.availability("sku1", 5, NOW, null)).hasValueSatisfying(answer -> {
            assertThat(answer.availableNow()).isEqualTo(2);
            assertThat(answer.promise()).isNull();
        });
        assertThat(views.availability("sku1", 5, NOW, "cart")).hasValueSatisfying(answer -> {
            assertThat(answer.availableNow()).isEqualTo(10);
            assertThat(answer.promise()).isEqualTo(new Views.PromiseView("b1", null));
        });
        assertThat(views.availability("sku1", 5, TEN_MINUTES_LATER, null)).hasValueSatisfying(answer -> {
            assertThat(answer.availableNow()).isEqualTo(10);
            assertThat(answer.promise()).isEqualTo(new Views.PromiseView("b1", null));
        });
        assertThat(views.product("sku1", NOW).orElseThrow().version()).as("asking wrote nothing").isEqualTo(2);
    }

    @Test
    void availability_for_a_hold_that_does_not_exist_is_refused_as_unknown_and_an_unknown_product_has_none() {
        bus.handle(new CreateBatch("b1", "sku1", 10, null));

        assertThatThrownBy(() -> views.availability("sku1", 1, NOW, "nobody")).isInstanceOf(UnknownHold.class);
        assertThat(views.availability("NOTHING", 1, NOW, "nobody")).isEmpty();
    }
}
