package com.example.allocation.servicelayer;

import static com.example.allocation.TestDates.NOW;
import static com.example.allocation.TestDates.TOMORROW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.domain.AcceptedLine;
import com.example.allocation.domain.Hold;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.ConfirmHold;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.ExpireHold;
import com.example.allocation.domain.commands.ExtendHold;
import com.example.allocation.domain.commands.PlaceHold;
import com.example.allocation.domain.commands.ReleaseHold;
import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.events.HoldPlaced;
import com.example.allocation.domain.events.HoldReleased;
import com.example.allocation.domain.refusals.AllocationException;
import com.example.allocation.domain.refusals.HoldConflict;
import com.example.allocation.domain.refusals.HoldShort.Shortfall;
import com.example.allocation.domain.refusals.HoldShort;
import com.example.allocation.domain.refusals.InvalidInput;
import com.example.allocation.domain.refusals.InvalidSku;
import com.example.allocation.domain.refusals.UnknownHold;
import com.example.allocation.servicelayer.messagebus.Envelope;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.views.Availability;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Checkout holds (docs/spec.md §2, rules 11 to 16), driven through the message bus with fakes and a clock the test moves. */
class HoldsTest {

    private final FakeService service = new FakeService("allocation.events");

    private Product product(String sku) {
        return service.store.product(sku).orElseThrow();
    }

    private Hold hold(String holdId) {
        return service.store.hold(holdId).orElseThrow();
    }

    private int held(String sku, String batchRef) {
        return product(sku).batch(batchRef).orElseThrow().heldQuantity();
    }

    private int available(String sku, String batchRef) {
        return product(sku).batch(batchRef).orElseThrow().availableQuantity();
    }

    private static PlaceHold holdOf(String holdId, int ttlSeconds, Hold.Wanted... lines) {
        return new PlaceHold(holdId, List.of(lines), ttlSeconds);
    }

    private static Hold.Wanted wanted(String sku, int qty) {
        return new Hold.Wanted(sku, qty);
    }

    private void later(Duration by) {
        service.clock.advance(by);
    }

    private List<Event> events() {
        return service.publisher.events("allocation.events");
    }

    @Nested
    class Placing {

        @Test
        void holds_each_line_on_the_batch_an_order_line_would_be_allocated_to_now() {
            service.handle(new CreateBatch("ship", "CHAIR", 10, TOMORROW));
            service.handle(new CreateBatch("shelf", "CHAIR", 10, null));
            service.handle(new CreateBatch("lamps", "LAMP", 5, null));

            service.handle(holdOf("cart-1", 600, wanted("CHAIR", 3), wanted("LAMP", 2)));

            Hold hold = hold("cart-1");
            assertThat(hold.status(NOW)).isEqualTo(Hold.Status.ACTIVE);
            assertThat(hold.expiresAt()).isEqualTo(NOW.plusSeconds(600));
            assertThat(hold.lines()).containsExactly(new Hold.Line("CHAIR", 3, "shelf", null), new Hold.Line("LAMP", 2, "lamps", null));
            assertThat(held("CHAIR", "shelf")).isEqualTo(3);
            assertThat(available("CHAIR", "shelf")).isEqualTo(7);
            assertThat(events()).contains(new HoldPlaced("cart-1", "CHAIR", 3, "shelf", NOW.plusSeconds(600)),
                    new HoldPlaced("cart-1", "LAMP", 2, "lamps", NOW.plusSeconds(600)));
        }

        @Test
        void lasts_the_default_time_when_the_caller_does_not_say() {
            service.handle(new CreateBatch("b1", "CHAIR", 10, null));

            service.handle(new PlaceHold("cart-1", List.of(wanted("CHAIR", 1)), null));

            assertThat(hold("cart-1").expiresAt()).isEqualTo(NOW.plus(Hold.DEFAULT_TTL));
        }

        @Test
        void holds_nothing_when_any_line_falls_short_and_names_only_the_lines_that_do() {
            service.handle(new CreateBatch("small", "CHAIR", 3, null));
            service.handle(new CreateBatch("smaller", "CHAIR", 2, TOMORROW));
            service.handle(new CreateBatch("lamps", "LAMP", 5, null));
            long lampVersion = product("LAMP").version();

            assertThatThrownBy(() -> service.handle(holdOf("cart-1", 600, wanted("LAMP", 2), wanted("CHAIR", 4))))
                    .isInstanceOfSatisfying(HoldShort.class, refused ->
                            assertThat(refused.shortfalls()).containsExactly(new Shortfall("CHAIR", 4, 3)));

            assertThat(service.store.hold("cart-1")).isEmpty();
            assertThat(product("LAMP").version()).isEqualTo(lampVersion);
            assertThat(held("LAMP", "lamps")).isZero();
        }

        @Test
        void the_same_hold_again_with_the_same_lines_in_any_order_changes_nothing_not_even_its_expiry() {
            service.handle(new CreateBatch("b1", "CHAIR", 10, null));
            service.handle(new CreateBatch("b2", "LAMP", 10, null));
            service.handle(holdOf("cart-1", 600, wanted("CHAIR", 1), wanted("LAMP", 2)));
            later(Duration.ofSeconds(100));

            service.handle(holdOf("cart-1", 900, wanted("LAMP", 2), wanted("CHAIR", 1)));

            assertThat(hold("cart-1").expiresAt()).isEqualTo(NOW.plusSeconds(600));
            assertThat(held("CHAIR", "b1")).isEqualTo(1);
        }

        @Test
        void the_same_hold_id_with_other_lines_is_a_conflict() {
            service.handle(new CreateBatch("b1", "CHAIR", 10, null));
            service.handle(holdOf("cart-1", 600, wanted("CHAIR", 1)));

            assertThatThrownBy(() -> service.handle(holdOf("cart-1", 600, wanted("CHAIR", 2)))).isInstanceOf(HoldConflict.class);
            assertThat(held("CHAIR", "b1")).isEqualTo(1);
        }

        @Test
        void refuses_a_sku_never_stocked_duplicate_skus_and_no_lines() {
            service.handle(new CreateBatch("b1", "CHAIR", 10, null));

            assertThatThrownBy(() -> service.handle(holdOf("cart-1", 600, wanted("CHAIR", 1), wanted("UNICORN", 1))))
                    .isInstanceOf(InvalidSku.class).hasMessage("Invalid sku UNICORN");
            assertThatThrownBy(() -> service.handle(holdOf("cart-1", 600, wanted("CHAIR", 1), wanted("CHAIR", 2))))
                    .isInstanceOf(InvalidInput.class);
            assertThatThrownBy(() -> service.handle(holdOf("cart-1", 600))).isInstanceOf(InvalidInput.class);
            assertThatThrownBy(() -> service.handle(new PlaceHold("cart-1",
                    IntStream.range(0, 101).mapToObj(i -> wanted("SKU-" + i, 1)).toList(), 600))).isInstanceOf(InvalidInput.class);
            assertThat(service.store.hold("cart-1")).isEmpty();
            assertThat(held("CHAIR", "b1")).isZero();
        }
    }

    @Nested
    class HeldStockIsNotFree {

        @Test
        void an_order_line_that_only_held_stock_could_serve_is_backordered() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(holdOf("cart-1", 600, wanted("CHAIR", 4)));

            service.handle(new Allocate("o1", "CHAIR", 2));

            assertThat(product("CHAIR").line("o1").orElseThrow().isBackordered()).isTrue();
            assertThat(held("CHAIR", "b1")).isEqualTo(4);
        }

        @Test
        void another_hold_cannot_take_it() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(holdOf("cart-1", 600, wanted("CHAIR", 4)));

            assertThatThrownBy(() -> service.handle(holdOf("cart-2", 600, wanted("CHAIR", 2))))
                    .isInstanceOfSatisfying(HoldShort.class, refused ->
                            assertThat(refused.shortfalls()).containsExactly(new Shortfall("CHAIR", 2, 1)));
        }

        @Test
        void availability_does_not_count_it_but_the_holder_sees_its_own_stock_as_free() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(new CreateBatch("later", "CHAIR", 5, TOMORROW));
            service.handle(holdOf("cart-1", 600, wanted("CHAIR", 4)));

            try (var uow = service.store.start()) {
                Availability anyone = Availability.of(uow, "CHAIR", 4, NOW, null).orElseThrow();
                assertThat(anyone.availableNow()).isEqualTo(1);
                assertThat(anyone.promise()).map(Availability.Promise::batchref).contains("later");

                Availability holder = Availability.of(uow, "CHAIR", 4, NOW, "cart-1").orElseThrow();
                assertThat(holder.availableNow()).isEqualTo(5);
                assertThat(holder.promise()).map(Availability.Promise::batchref).contains("b1");

                assertThatThrownBy(() -> Availability.of(uow, "CHAIR", 4, NOW, "no-such-cart")).isInstanceOf(UnknownHold.class);
            }
        }
    }

    @Nested
    class Expiry {

        @Test
        void sets_stock_aside_until_the_instant_before_expires_at_and_nothing_from_that_instant() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(holdOf("cart-1", 600, wanted("CHAIR", 5)));
            Instant expiry = NOW.plusSeconds(600);

            service.clock.set(expiry.minusNanos(1));
            service.handle(new Allocate("o1", "CHAIR", 5));
            assertThat(product("CHAIR").line("o1").orElseThrow().isBackordered()).isTrue();
            assertThat(hold("cart-1").status(service.clock.instant())).isEqualTo(Hold.Status.ACTIVE);

            service.clock.set(expiry);
            assertThat(hold("cart-1").status(expiry)).isEqualTo(Hold.Status.EXPIRED);
            service.handle(new Allocate("o2", "CHAIR", 1));

            // The first change at the expiry lets the stock go to the oldest waiting line first.
            assertThat(product("CHAIR").line("o1").orElseThrow().batchRef()).isEqualTo("b1");
            assertThat(product("CHAIR").line("o2").orElseThrow().isBackordered()).isTrue();
            assertThat(events()).contains(new HoldReleased("cart-1", "CHAIR", 5, "b1", "expired"));
        }

        @Test
        void the_sweepers_expiry_frees_the_stock_of_every_product_fills_backorders_and_is_announced_once() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(new CreateBatch("b2", "LAMP", 5, null));
            service.handle(holdOf("cart-1", 60, wanted("CHAIR", 5), wanted("LAMP", 1)));
            service.handle(new Allocate("o1", "CHAIR", 2));
            later(Duration.ofSeconds(61));

            service.handle(new ExpireHold("cart-1"));
            service.handle(new ExpireHold("cart-1"));

            assertThat(hold("cart-1").recordedStatus()).isEqualTo(Hold.Status.EXPIRED);
            assertThat(held("CHAIR", "b1")).isZero();
            assertThat(held("LAMP", "b2")).isZero();
            assertThat(product("CHAIR").line("o1").orElseThrow().batchRef()).isEqualTo("b1");
            assertThat(events()).filteredOn(HoldReleased.class::isInstance).containsExactlyInAnyOrder(
                    new HoldReleased("cart-1", "CHAIR", 5, "b1", "expired"), new HoldReleased("cart-1", "LAMP", 1, "b2", "expired"));
        }

        @Test
        void expiring_a_hold_that_has_not_run_out_does_nothing() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(holdOf("cart-1", 60, wanted("CHAIR", 5)));

            service.handle(new ExpireHold("cart-1"));

            assertThat(hold("cart-1").status(NOW)).isEqualTo(Hold.Status.ACTIVE);
            assertThat(held("CHAIR", "b1")).isEqualTo(5);
        }
    }

    @Nested
    class Extending {

        @Test
        void sets_the_expiry_to_now_plus_the_time_given_which_may_shorten_it() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(holdOf("cart-1", 600, wanted("CHAIR", 5)));
            later(Duration.ofSeconds(500));

            service.handle(new ExtendHold("cart-1", 600));
            assertThat(hold("cart-1").expiresAt()).isEqualTo(NOW.plusSeconds(1100));
            assertThat(product("CHAIR").heldFor("cart-1").orElseThrow().expiresAt()).isEqualTo(NOW.plusSeconds(1100));

            service.handle(new ExtendHold("cart-1", 10));
            assertThat(hold("cart-1").expiresAt()).isEqualTo(NOW.plusSeconds(510));
        }

        @Test
        void is_refused_once_the_hold_is_no_longer_active() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(holdOf("cart-1", 60, wanted("CHAIR", 5)));
            later(Duration.ofSeconds(60));

            assertThatThrownBy(() -> service.handle(new ExtendHold("cart-1", 600))).isInstanceOf(HoldConflict.class)
                    .hasMessageContaining("expired");
            assertThatThrownBy(() -> service.handle(new ExtendHold("no-such-cart", 600))).isInstanceOf(UnknownHold.class);
        }
    }

    @Nested
    class Releasing {

        @Test
        void frees_the_stock_for_the_oldest_waiting_lines_and_again_changes_nothing() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(holdOf("cart-1", 600, wanted("CHAIR", 5)));
            service.handle(new Allocate("o1", "CHAIR", 3));
            service.handle(new Allocate("o2", "CHAIR", 3));

            service.handle(new ReleaseHold("cart-1"));
            long version = product("CHAIR").version();
            service.handle(new ReleaseHold("cart-1"));

            assertThat(hold("cart-1").status(NOW)).isEqualTo(Hold.Status.RELEASED);
            assertThat(product("CHAIR").line("o1").orElseThrow().batchRef()).isEqualTo("b1");
            assertThat(product("CHAIR").line("o2").orElseThrow().isBackordered()).isTrue();
            assertThat(product("CHAIR").version()).isEqualTo(version);
            assertThat(events()).filteredOn(HoldReleased.class::isInstance)
                    .containsExactly(new HoldReleased("cart-1", "CHAIR", 5, "b1", "released"));
        }

        @Test
        void a_confirmed_hold_cannot_be_released_and_an_unknown_one_is_unknown() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(holdOf("cart-1", 600, wanted("CHAIR", 5)));
            service.handle(new ConfirmHold("cart-1", "order-1"));

            assertThatThrownBy(() -> service.handle(new ReleaseHold("cart-1"))).isInstanceOf(HoldConflict.class);
            assertThatThrownBy(() -> service.handle(new ReleaseHold("no-such-cart"))).isInstanceOf(UnknownHold.class);
        }
    }

    @Nested
    class Confirming {

        @Test
        void turns_every_line_into_a_line_of_the_order_on_the_batch_it_was_held_on() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(new CreateBatch("b2", "LAMP", 5, TOMORROW));
            service.handle(holdOf("cart-1", 600, wanted("CHAIR", 2), wanted("LAMP", 3)));

            service.handle(new ConfirmHold("cart-1", "order-1"));

            assertThat(hold("cart-1").status(NOW)).isEqualTo(Hold.Status.CONFIRMED);
            assertThat(hold("cart-1").orderId()).contains("order-1");
            assertThat(product("CHAIR").line("order-1")).map(AcceptedLine::batchRef).contains("b1");
            assertThat(product("LAMP").line("order-1")).map(AcceptedLine::batchRef).contains("b2");
            assertThat(held("CHAIR", "b1")).isZero();
            assertThat(product("CHAIR").batch("b1").orElseThrow().allocatedQuantity()).isEqualTo(2);
            assertThat(service.store.allocation("order-1", "LAMP")).contains("b2");
            assertThat(service.store.history("order-1")).extracting(FakeStore.HistoryEntry::cause).containsOnly("hold cart-1 confirmed");
            assertThat(events()).contains(new HoldReleased("cart-1", "CHAIR", 2, "b1", "confirmed"),
                    new Allocated("order-1", "CHAIR", 2, "b1"));
        }

        @Test
        void again_for_the_same_order_changes_nothing_and_for_another_order_is_a_conflict() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(holdOf("cart-1", 600, wanted("CHAIR", 2)));
            service.handle(new ConfirmHold("cart-1", "order-1"));
            long version = product("CHAIR").version();

            service.handle(new ConfirmHold("cart-1", "order-1"));
            assertThat(product("CHAIR").version()).isEqualTo(version);

            assertThatThrownBy(() -> service.handle(new ConfirmHold("cart-1", "order-2"))).isInstanceOf(HoldConflict.class);
            assertThat(product("CHAIR").line("order-2")).isEmpty();
        }

        @Test
        void a_released_hold_has_nothing_to_confirm() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(holdOf("cart-1", 600, wanted("CHAIR", 2)));
            service.handle(new ReleaseHold("cart-1"));

            assertThatThrownBy(() -> service.handle(new ConfirmHold("cart-1", "order-1"))).isInstanceOf(HoldConflict.class);
            assertThat(product("CHAIR").line("order-1")).isEmpty();
        }

        @Test
        void an_expired_hold_is_confirmed_while_its_stock_is_still_free() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(holdOf("cart-1", 60, wanted("CHAIR", 2)));
            later(Duration.ofSeconds(120));
            service.handle(new ExpireHold("cart-1"));

            service.handle(new ConfirmHold("cart-1", "order-1"));

            assertThat(hold("cart-1").status(service.clock.instant())).isEqualTo(Hold.Status.CONFIRMED);
            assertThat(product("CHAIR").line("order-1")).map(AcceptedLine::batchRef).contains("b1");
        }

        @Test
        void an_expired_hold_whose_stock_was_taken_since_allocates_nothing_and_says_what_is_short() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(new CreateBatch("b2", "LAMP", 5, null));
            service.handle(holdOf("cart-1", 60, wanted("CHAIR", 2), wanted("LAMP", 1)));
            later(Duration.ofSeconds(120));
            service.handle(new Allocate("o1", "CHAIR", 4));

            assertThatThrownBy(() -> service.handle(new ConfirmHold("cart-1", "order-1")))
                    .isInstanceOfSatisfying(HoldShort.class, refused ->
                            assertThat(refused.shortfalls()).containsExactly(new Shortfall("CHAIR", 2, 1)));
            assertThat(product("LAMP").line("order-1")).isEmpty();
            assertThat(hold("cart-1").status(service.clock.instant())).isEqualTo(Hold.Status.EXPIRED);
        }

        @Test
        void the_sweeper_expiring_the_hold_first_makes_the_confirmation_try_again_and_it_still_confirms() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(holdOf("cart-1", 60, wanted("CHAIR", 2)));
            later(Duration.ofSeconds(61));
            AtomicInteger conflicts = new AtomicInteger();
            AtomicBoolean sweptFirst = new AtomicBoolean();
            var bus = FakeService.commandsOnly(() -> new InterceptedUnitOfWork(service.store.start(), () -> {
                if (sweptFirst.compareAndSet(false, true)) {
                    service.handle(new ExpireHold("cart-1"));
                }
            }, conflicts), service.clock).build();

            bus.handle(new ConfirmHold("cart-1", "order-1"), Origin.UNAUTHENTICATED);

            assertThat(conflicts).hasValue(1);
            assertThat(hold("cart-1").status(service.clock.instant())).isEqualTo(Hold.Status.CONFIRMED);
            assertThat(product("CHAIR").line("order-1")).map(AcceptedLine::batchRef).contains("b1");
            assertThat(product("CHAIR").batch("b1").orElseThrow().availableQuantity()).isEqualTo(3);
            assertThat(events()).filteredOn(HoldReleased.class::isInstance)
                    .containsExactly(new HoldReleased("cart-1", "CHAIR", 2, "b1", "expired"));
        }
    }

    @Nested
    class Refusals {

        @Test
        void a_hold_refused_after_letting_expired_stock_go_shares_no_transaction_and_no_event_is_lost() {
            service.handle(new CreateBatch("b1", "CHAIR", 5, null));
            service.handle(new CreateBatch("b2", "LAMP", 5, null));
            service.handle(holdOf("cart-1", 60, wanted("CHAIR", 5)));
            service.handle(new Allocate("o1", "CHAIR", 2));
            later(Duration.ofSeconds(61));

            List<Optional<AllocationException>> outcomes = service.direct.handleTogether(List.of(
                    new Envelope(new Allocate("o2", "LAMP", 1), Origin.UNAUTHENTICATED),
                    new Envelope(holdOf("cart-2", 600, wanted("CHAIR", 4)), Origin.UNAUTHENTICATED)));

            assertThat(outcomes.get(0)).isEmpty();
            assertThat(outcomes.get(1)).containsInstanceOf(HoldShort.class);
            assertThat(product("LAMP").line("o2")).map(AcceptedLine::batchRef).contains("b2");
            assertThat(product("CHAIR").line("o1").orElseThrow().isBackordered()).as("what the refused hold let go is not kept").isTrue();
            assertThat(service.store.allocation("o1", "CHAIR")).isEmpty();

            service.handle(new ExpireHold("cart-1"));
            assertThat(product("CHAIR").line("o1")).map(AcceptedLine::batchRef).contains("b1");
            assertThat(service.store.allocation("o1", "CHAIR")).contains("b1");
            assertThat(events()).filteredOn(HoldReleased.class::isInstance)
                    .containsExactly(new HoldReleased("cart-1", "CHAIR", 5, "b1", "expired"));
        }
    }

    @Nested
    class AShrinkingBatch {

        @Test
        void gives_up_holds_newest_first_before_any_order_line_and_each_hold_as_a_whole() {
            service.handle(new CreateBatch("b1", "CHAIR", 10, null));
            service.handle(new CreateBatch("b2", "LAMP", 10, null));
            service.handle(new Allocate("o1", "CHAIR", 4));
            service.handle(holdOf("older", 600, wanted("CHAIR", 2)));
            service.handle(holdOf("newer", 600, wanted("CHAIR", 3), wanted("LAMP", 4)));

            service.handle(new ChangeBatchQuantity("b1", 7));

            assertThat(hold("newer").status(NOW)).isEqualTo(Hold.Status.LOST);
            assertThat(hold("older").status(NOW)).isEqualTo(Hold.Status.ACTIVE);
            assertThat(held("CHAIR", "b1")).isEqualTo(2);
            assertThat(held("LAMP", "b2")).isZero();
            assertThat(product("CHAIR").line("o1")).map(AcceptedLine::batchRef).contains("b1");
            assertThat(events()).contains(new HoldReleased("newer", "CHAIR", 3, "b1", "lost"),
                    new HoldReleased("newer", "LAMP", 4, "b2", "lost"));
        }

        @Test
        void the_lines_its_lost_holds_free_stock_for_read_in_their_history_as_filled_by_a_reduction() {
            service.handle(new CreateBatch("b1", "CHAIR", 10, null));
            service.handle(holdOf("cart-1", 600, wanted("CHAIR", 8)));
            service.handle(new Allocate("o1", "CHAIR", 4));

            service.handle(new ChangeBatchQuantity("b1", 6));

            assertThat(product("CHAIR").line("o1")).map(AcceptedLine::batchRef).contains("b1");
            assertThat(service.store.history("o1")).last().extracting(FakeStore.HistoryEntry::cause).isEqualTo("batch b1 reduced to 6");
        }

        @Test
        void takes_order_lines_only_once_every_hold_on_it_is_gone() {
            service.handle(new CreateBatch("b1", "CHAIR", 10, null));
            service.handle(new Allocate("o1", "CHAIR", 4));
            service.handle(holdOf("cart-1", 600, wanted("CHAIR", 2)));

            service.handle(new ChangeBatchQuantity("b1", 3));

            assertThat(hold("cart-1").status(NOW)).isEqualTo(Hold.Status.LOST);
            assertThat(product("CHAIR").line("o1").orElseThrow().isBackordered()).isTrue();
            assertThat(available("CHAIR", "b1")).isEqualTo(3);
        }
    }
}
