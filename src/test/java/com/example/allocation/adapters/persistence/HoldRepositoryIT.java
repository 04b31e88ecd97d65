package com.example.allocation.adapters.persistence;

import static com.example.allocation.TestDates.TOMORROW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.DatabaseTest;
import com.example.allocation.domain.AcceptedLine;
import com.example.allocation.domain.Hold;
import com.example.allocation.domain.OrderLine;
import com.example.allocation.domain.Product;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checkout holds in the database: a hold comes back as the domain left it, and is saved under its version. */
class HoldRepositoryIT extends DatabaseTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final Duration QUARTER_HOUR = Duration.ofMinutes(15);

    private UnitOfWork start() {
        return database.unitsOfWork().start();
    }

    /** A lamp in the warehouse and a desk on its way. */
    @BeforeEach
    void stock() {
        try (UnitOfWork uow = start()) {
            Product lamp = new Product("LAMP");
            lamp.addBatch("lamp-warehouse", 10, null, NOW);
            uow.products().add(lamp);
            Product desk = new Product("DESK");
            desk.addBatch("desk-ship", 10, TOMORROW, NOW);
            uow.products().add(desk);
            uow.commit();
        }
    }

    private static Hold place(UnitOfWork uow, String holdId, Duration ttl, Instant now, Hold.Wanted... lines) {
        Hold hold = Hold.place(holdId, List.of(lines), ttl, now, sku -> uow.products().get(sku).orElseThrow());
        uow.holds().add(hold);
        return hold;
    }

    private static Product product(UnitOfWork uow, String sku) {
        return uow.products().get(sku).orElseThrow();
    }

    private Optional<Hold> stored(String holdId) {
        try (UnitOfWork uow = start()) {
            return uow.holds().get(holdId);
        }
    }

    @Test
    void a_hold_comes_back_with_its_lines_expiry_status_and_version() {
        Hold placed;
        try (UnitOfWork uow = start()) {
            placed = place(uow, "cart", QUARTER_HOUR, NOW, new Hold.Wanted("LAMP", 2), new Hold.Wanted("DESK", 3));
            uow.commit();
        }

        assertThat(stored("cart")).get().usingRecursiveComparison().isEqualTo(placed);
        assertThat(stored("cart").orElseThrow().lines()).containsExactly(
                new Hold.Line("DESK", 3, "desk-ship", TOMORROW), new Hold.Line("LAMP", 2, "lamp-warehouse", null));
        assertThat(stored("cart").orElseThrow().recordedStatus()).isEqualTo(Hold.Status.ACTIVE);
        assertThat(stored("nobody")).isEmpty();
    }

    @Test
    void a_confirmed_hold_comes_back_confirmed_for_its_order_with_the_lines_it_was_placed_with() {
        try (UnitOfWork uow = start()) {
            place(uow, "cart", QUARTER_HOUR, NOW, new Hold.Wanted("LAMP", 2));
            uow.commit();
        }
        Hold confirmed;
        try (UnitOfWork uow = start()) {
            confirmed = uow.holds().get("cart").orElseThrow();
            confirmed.confirm("order-1", NOW.plusSeconds(60), sku -> product(uow, sku));
            uow.commit();
        }

        Hold loaded = stored("cart").orElseThrow();
        assertThat(loaded).usingRecursiveComparison().isEqualTo(confirmed);
        assertThat(loaded.recordedStatus()).isEqualTo(Hold.Status.CONFIRMED);
        assertThat(loaded.orderId()).contains("order-1");
        assertThat(loaded.version()).isEqualTo(1);
        assertThat(loaded.lines()).containsExactly(new Hold.Line("LAMP", 2, "lamp-warehouse", null));
    }

    @Test
    void a_hold_asked_for_twice_in_one_unit_of_work_is_the_same_object() {
        try (UnitOfWork uow = start()) {
            place(uow, "cart", QUARTER_HOUR, NOW, new Hold.Wanted("LAMP", 2));
            assertThat(uow.holds().get("cart")).containsSame(uow.holds().get("cart").orElseThrow());
            uow.commit();
        }

        try (UnitOfWork uow = start()) {
            assertThat(uow.holds().get("cart").orElseThrow()).isSameAs(uow.holds().get("cart").orElseThrow());
        }
    }

    @Test
    void saving_a_hold_someone_else_changed_since_it_was_loaded_is_a_concurrency_conflict_and_nothing_is_written() {
        try (UnitOfWork uow = start()) {
            place(uow, "cart", QUARTER_HOUR, NOW, new Hold.Wanted("LAMP", 2));
            uow.commit();
        }
        Instant later = NOW.plus(Duration.ofHours(1));
        // An allocation after the expiry lets the hold's stock go; the hold itself stays recorded as active.
        try (UnitOfWork uow = start()) {
            product(uow, "LAMP").allocate(new OrderLine("o1", "LAMP", 1), later);
            uow.commit();
        }

        try (UnitOfWork slow = start(); UnitOfWork fast = start()) {
            Hold stale = slow.holds().get("cart").orElseThrow();
            fast.holds().get("cart").orElseThrow().expire(later, sku -> product(fast, sku));
            fast.commit();

            // Only the hold tells the two apart: expiring it changes no product, the stock being gone already.
            stale.expire(later, sku -> product(slow, sku));
            product(slow, "DESK").allocate(new OrderLine("slow", "DESK", 1), later);

            assertThatThrownBy(slow::commit).isInstanceOf(ConcurrencyConflict.class).hasMessageContaining("cart");
        }
        try (UnitOfWork uow = start()) {
            assertThat(product(uow, "DESK").lines()).extracting(AcceptedLine::orderId).doesNotContain("slow");
            assertThat(uow.holds().get("cart").orElseThrow().version()).isEqualTo(1);
        }
    }

    @Test
    void two_units_of_work_placing_the_same_hold_conflict_instead_of_both_succeeding() {
        try (UnitOfWork first = start(); UnitOfWork second = start()) {
            place(first, "cart", QUARTER_HOUR, NOW, new Hold.Wanted("LAMP", 2));
            place(second, "cart", QUARTER_HOUR, NOW, new Hold.Wanted("DESK", 2));
            first.commit();

            assertThatThrownBy(second::commit).isInstanceOf(ConcurrencyConflict.class);
        }
        try (UnitOfWork uow = start()) {
            assertThat(product(uow, "DESK").held()).isEmpty();
        }
    }

    @Test
    void the_sweeper_finds_active_holds_past_their_expiry_oldest_expiry_first_up_to_its_limit() {
        try (UnitOfWork uow = start()) {
            place(uow, "third", Duration.ofMinutes(30), NOW, new Hold.Wanted("LAMP", 1));
            place(uow, "first", Duration.ofMinutes(10), NOW, new Hold.Wanted("LAMP", 1));
            place(uow, "second", Duration.ofMinutes(20), NOW, new Hold.Wanted("DESK", 1));
            place(uow, "released", Duration.ofMinutes(5), NOW, new Hold.Wanted("DESK", 1));
            place(uow, "not-yet", Duration.ofHours(2), NOW, new Hold.Wanted("LAMP", 1));
            uow.commit();
        }
        try (UnitOfWork uow = start()) {
            uow.holds().get("released").orElseThrow().release(NOW.plusSeconds(1), sku -> product(uow, sku));
            uow.commit();
        }

        try (UnitOfWork uow = start()) {
            Instant hourLater = NOW.plus(Duration.ofHours(1));
            assertThat(uow.holds().expiredBy(hourLater, 2)).containsExactly("first", "second");
            assertThat(uow.holds().expiredBy(hourLater, 10)).containsExactly("first", "second", "third");
            assertThat(uow.holds().expiredBy(NOW.plus(Duration.ofMinutes(10)), 10)).as("at its expiry, a hold has expired")
                    .containsExactly("first");
            assertThat(uow.holds().expiredBy(NOW, 10)).isEmpty();
        }
    }
}
