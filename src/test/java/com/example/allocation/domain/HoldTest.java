package com.example.allocation.domain;

import static com.example.allocation.TestDates.NOW;
import static com.example.allocation.TestDates.TOMORROW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.domain.events.HoldPlaced;
import com.example.allocation.domain.events.HoldReleased;
import com.example.allocation.domain.refusals.HoldShort;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checkout holds on the aggregates themselves (docs/spec.md §2, rules 11 to 16), the time given by the test. */
class HoldTest {

    private final Product chairs = new Product("CHAIR");
    private final Product lamps = new Product("LAMP");
    private final Map<String, Product> products = Map.of("CHAIR", chairs, "LAMP", lamps);

    private Hold place(String holdId, Duration ttl, Hold.Wanted... lines) {
        return Hold.place(holdId, List.of(lines), ttl, NOW, products::get);
    }

    @Test
    void a_hold_sets_stock_aside_on_each_product_in_its_consistency_boundary_and_bumps_its_version() {
        chairs.addBatch("shelf", 5, null, NOW);
        lamps.addBatch("boat", 5, TOMORROW, NOW);
        long version = chairs.version();
        chairs.pullEvents();

        Hold hold = place("cart-1", Duration.ofMinutes(10), new Hold.Wanted("CHAIR", 2), new Hold.Wanted("LAMP", 1));

        assertThat(hold.lines()).containsExactly(new Hold.Line("CHAIR", 2, "shelf", null), new Hold.Line("LAMP", 1, "boat", TOMORROW));
        assertThat(chairs.batch("shelf").orElseThrow().availableQuantity()).isEqualTo(3);
        assertThat(chairs.version()).isGreaterThan(version);
        assertThat(chairs.pullEvents()).containsExactly(new HoldPlaced("cart-1", "CHAIR", 2, "shelf", NOW.plusSeconds(600)));
    }

    @Test
    void nothing_is_held_when_one_line_falls_short() {
        chairs.addBatch("shelf", 5, null, NOW);
        lamps.addBatch("boat", 1, null, NOW);
        long version = chairs.version();

        assertThatThrownBy(() -> place("cart-1", Duration.ofMinutes(10), new Hold.Wanted("CHAIR", 2), new Hold.Wanted("LAMP", 2)))
                .isInstanceOf(HoldShort.class);

        assertThat(chairs.held()).isEmpty();
        assertThat(chairs.version()).isEqualTo(version);
    }

    @Test
    void held_stock_is_held_up_to_its_expiry_and_not_from_that_instant() {
        chairs.addBatch("shelf", 5, null, NOW);
        Hold hold = place("cart-1", Duration.ofSeconds(60), new Hold.Wanted("CHAIR", 5));
        Instant expiry = NOW.plusSeconds(60);
        chairs.pullEvents();

        chairs.expireHolds(expiry.minusNanos(1));
        assertThat(chairs.held()).hasSize(1);
        assertThat(hold.status(expiry.minusNanos(1))).isEqualTo(Hold.Status.ACTIVE);

        chairs.expireHolds(expiry);
        assertThat(chairs.held()).isEmpty();
        assertThat(chairs.batch("shelf").orElseThrow().availableQuantity()).isEqualTo(5);
        assertThat(hold.status(expiry)).isEqualTo(Hold.Status.EXPIRED);
        assertThat(chairs.pullEvents()).containsExactly(new HoldReleased("cart-1", "CHAIR", 5, "shelf", "expired"));
    }

    @Test
    void a_shrinking_batch_gives_up_its_newest_hold_before_any_line_and_names_it() {
        chairs.addBatch("shelf", 10, null, NOW);
        chairs.allocate(new OrderLine("o1", "CHAIR", 4), NOW);
        place("older", Duration.ofMinutes(10), new Hold.Wanted("CHAIR", 3));
        place("newer", Duration.ofMinutes(10), new Hold.Wanted("CHAIR", 3));

        assertThat(chairs.changeBatchQuantity("shelf", 8, NOW)).containsExactly("newer");

        assertThat(chairs.heldFor("older")).isPresent();
        assertThat(chairs.line("o1").orElseThrow().batchRef()).isEqualTo("shelf");
    }
}
