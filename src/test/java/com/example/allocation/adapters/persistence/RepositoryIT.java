package com.example.allocation.adapters.persistence;

import static com.example.allocation.TestDates.NOW;
import static com.example.allocation.TestDates.TOMORROW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.example.allocation.DatabaseTest;
import com.example.allocation.domain.AcceptedLine;
import com.example.allocation.domain.Batch;
import com.example.allocation.domain.HeldStock;
import com.example.allocation.domain.Hold;
import com.example.allocation.domain.OrderLine;
import com.example.allocation.domain.Product;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RepositoryIT extends DatabaseTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private UnitOfWork start() {
        return database.unitsOfWork().start();
    }

    private static OrderLine line(String orderId, int qty) {
        return new OrderLine(orderId, "GENERIC-SOFA", qty);
    }

    private record Saved(long version, long lastSequence, List<AcceptedLine> lines) {
    }

    /** A product with warehouse and shipment batches, and lines allocated, moved, backordered and cancelled. */
    private Saved saveProductWithLinesInEveryState() {
        try (UnitOfWork uow = start()) {
            Product product = new Product("GENERIC-SOFA");
            uow.products().add(product);
            product.addBatch("warehouse", 10, null, NOW);
            product.addBatch("shipment", 5, TOMORROW, NOW);
            product.allocate(line("allocated", 4), NOW);
            product.allocate(line("to-be-cancelled", 2), NOW);
            uow.commit();
        }
        try (UnitOfWork uow = start()) {
            Product product = uow.products().get("GENERIC-SOFA").orElseThrow();
            product.allocate(line("moved", 4), NOW);
            product.allocate(line("backordered", 9), NOW);
            product.deallocate("to-be-cancelled", NOW);
            product.changeBatchQuantity("warehouse", 6, NOW);
            Saved saved = new Saved(product.version(), product.lastSequence(), product.lines());
            uow.commit();
            return saved;
        }
    }

    @Test
    void a_product_comes_back_as_it_was_saved_with_batches_and_lines_in_every_state() {
        Saved saved = saveProductWithLinesInEveryState();

        try (UnitOfWork uow = start()) {
            Product loaded = uow.products().get("GENERIC-SOFA").orElseThrow();

            assertThat(loaded.version()).isEqualTo(saved.version());
            assertThat(loaded.lastSequence()).isEqualTo(saved.lastSequence());
            assertThat(loaded.batches()).extracting(Batch::batchRef, Batch::purchasedQuantity, Batch::allocatedQuantity, Batch::eta)
                    .containsExactly(
                            tuple("warehouse", 6, 4, Optional.empty()),
                            tuple("shipment", 5, 4, Optional.of(TOMORROW)));
            assertThat(loaded.lines()).isEqualTo(saved.lines());
            assertThat(loaded.lines()).extracting(AcceptedLine::orderId, AcceptedLine::batchRef).containsExactlyInAnyOrder(
                    tuple("allocated", "warehouse"),
                    tuple("moved", "shipment"),
                    tuple("backordered", null));
        }
    }

    @Test
    void a_product_is_found_by_the_reference_of_any_of_its_batches() {
        saveProductWithLinesInEveryState();

        try (UnitOfWork uow = start()) {
            assertThat(uow.products().getByBatchRef("shipment")).map(Product::sku).contains("GENERIC-SOFA");
            assertThat(uow.products().getByBatchRef("no-such-batch")).isEmpty();
            assertThat(uow.products().get("NO-SUCH-SKU")).isEmpty();
        }
    }

    @Test
    void products_and_lines_prefetched_together_are_answered_from_that_one_read_as_they_would_be_one_by_one() {
        Saved saved = saveProductWithLinesInEveryState();
        try (UnitOfWork uow = start()) {
            Product other = new Product("OTHER-SKU");
            uow.products().add(other);
            other.addBatch("other-batch", 5, null, NOW);
            other.allocate(new OrderLine("other-order", "OTHER-SKU", 1), NOW);
            uow.commit();
        }

        try (UnitOfWork uow = start()) {
            uow.products().prefetch(List.of(line("allocated", 4), line("backordered", 9), line("new-order", 1),
                    new OrderLine("other-order", "OTHER-SKU", 1), new OrderLine("x", "NO-SUCH-SKU", 1)));
            // Behind the unit of work's back: a read made now would see no line at all.
            database.jdbi().useHandle(handle -> handle.execute("DELETE FROM order_lines"));

            Product sofa = uow.products().get("GENERIC-SOFA").orElseThrow();
            assertThat(sofa.version()).isEqualTo(saved.version());
            assertThat(sofa.batches()).extracting(Batch::batchRef).containsExactly("warehouse", "shipment");
            assertThat(sofa.line("allocated")).map(AcceptedLine::batchRef).contains("warehouse");
            assertThat(sofa.line("backordered").orElseThrow().isBackordered()).isTrue();
            assertThat(sofa.line("new-order")).isEmpty();
            assertThat(uow.products().get("OTHER-SKU").orElseThrow().line("other-order"))
                    .map(AcceptedLine::batchRef).contains("other-batch");
            assertThat(uow.products().get("NO-SUCH-SKU")).isEmpty();
        }
    }

    @Test
    void a_prefetch_of_more_products_and_lines_than_one_query_looks_up_answers_each_of_them() {
        List<String> skus = IntStream.range(0, 70).mapToObj(i -> "SKU-" + i).toList();
        try (UnitOfWork uow = start()) {
            for (String sku : skus) {
                Product product = new Product(sku);
                uow.products().add(product);
                product.addBatch("batch-of-" + sku, 5, null, NOW);
                product.allocate(new OrderLine("stored", sku, 1), NOW);
            }
            uow.commit();
        }

        try (UnitOfWork uow = start()) {
            uow.products().prefetch(skus.stream()
                    .flatMap(sku -> Stream.of(new OrderLine("stored", sku, 1), new OrderLine("new", sku, 1))).toList());
            // Behind the unit of work's back: a read made now would see no line at all.
            database.jdbi().useHandle(handle -> handle.execute("DELETE FROM order_lines"));

            for (String sku : skus) {
                Product product = uow.products().get(sku).orElseThrow();
                assertThat(product.batches()).extracting(Batch::batchRef).containsExactly("batch-of-" + sku);
                assertThat(product.line("stored")).map(AcceptedLine::batchRef).contains("batch-of-" + sku);
                assertThat(product.line("new")).isEmpty();
            }
        }
    }

    @Test
    void a_product_loaded_twice_in_one_unit_of_work_is_the_same_object() {
        saveProductWithLinesInEveryState();

        try (UnitOfWork uow = start()) {
            assertThat(uow.products().get("GENERIC-SOFA").orElseThrow())
                    .isSameAs(uow.products().getByBatchRef("warehouse").orElseThrow());
        }
    }

    @Test
    void saving_a_product_someone_else_changed_since_it_was_loaded_is_a_concurrency_conflict() {
        saveProductWithLinesInEveryState();

        try (UnitOfWork slow = start(); UnitOfWork fast = start()) {
            Product stale = slow.products().get("GENERIC-SOFA").orElseThrow();
            fast.products().get("GENERIC-SOFA").orElseThrow().allocate(line("fast", 1), NOW);
            fast.commit();

            stale.allocate(line("slow", 1), NOW);

            assertThatThrownBy(slow::commit).isInstanceOf(ConcurrencyConflict.class);
        }
        try (UnitOfWork uow = start()) {
            List<String> orderIds = uow.products().get("GENERIC-SOFA").orElseThrow().lines().stream().map(AcceptedLine::orderId).toList();
            assertThat(orderIds).contains("fast").doesNotContain("slow");
        }
    }

    @Test
    void two_units_of_work_creating_the_same_product_conflict_instead_of_both_succeeding() {
        try (UnitOfWork first = start(); UnitOfWork second = start()) {
            first.products().add(new Product("NEW-SKU"));
            first.products().get("NEW-SKU").orElseThrow().addBatch("b1", 5, null, NOW);
            second.products().add(new Product("NEW-SKU"));
            second.products().get("NEW-SKU").orElseThrow().addBatch("b2", 5, null, NOW);
            first.commit();

            assertThatThrownBy(second::commit).isInstanceOf(ConcurrencyConflict.class);
        }
    }

    /** Holds {@code qty} of each SKU for the hold, from a quarter of an hour's hold placed at {@link #NOW}. */
    private static Hold place(UnitOfWork uow, String holdId, Hold.Wanted... lines) {
        Hold hold = Hold.place(holdId, List.of(lines), Duration.ofMinutes(15), NOW, sku -> uow.products().get(sku).orElseThrow());
        uow.holds().add(hold);
        return hold;
    }

    private List<HeldStock> heldStock(String sku) {
        try (UnitOfWork uow = start()) {
            return uow.products().get(sku).orElseThrow().held();
        }
    }

    private int heldColumn(String batchRef) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT held FROM batches WHERE reference = :ref")
                .bind("ref", batchRef).mapTo(Integer.class).one());
    }

    @Test
    void a_products_held_stock_comes_back_as_it_was_placed_extended_and_released() {
        try (UnitOfWork uow = start()) {
            Product lamp = new Product("LAMP");
            uow.products().add(lamp);
            lamp.addBatch("lamp-warehouse", 10, null, NOW);
            uow.commit();
        }
        List<HeldStock> placed;
        try (UnitOfWork uow = start()) {
            place(uow, "cart-1", new Hold.Wanted("LAMP", 1));
            place(uow, "cart-2", new Hold.Wanted("LAMP", 2));
            placed = uow.products().get("LAMP").orElseThrow().held();
            uow.commit();
        }

        assertThat(heldStock("LAMP")).isEqualTo(placed)
                .extracting(HeldStock::holdId, HeldStock::qty, HeldStock::batchRef, HeldStock::expiresAt)
                .containsExactly(
                        tuple("cart-1", 1, "lamp-warehouse", NOW.plus(Duration.ofMinutes(15))),
                        tuple("cart-2", 2, "lamp-warehouse", NOW.plus(Duration.ofMinutes(15))));
        assertThat(heldColumn("lamp-warehouse")).isEqualTo(3);

        Instant later = NOW.plus(Duration.ofMinutes(10));
        try (UnitOfWork uow = start()) {
            uow.holds().get("cart-1").orElseThrow().extend(Duration.ofHours(1), later, sku -> uow.products().get(sku).orElseThrow());
            uow.holds().get("cart-2").orElseThrow().release(later, sku -> uow.products().get(sku).orElseThrow());
            uow.commit();
        }

        assertThat(heldStock("LAMP")).extracting(HeldStock::holdId, HeldStock::qty, HeldStock::expiresAt)
                .containsExactly(tuple("cart-1", 1, later.plus(Duration.ofHours(1))));
        assertThat(heldColumn("lamp-warehouse")).isEqualTo(1);
        try (UnitOfWork uow = start()) {
            assertThat(uow.products().get("LAMP").orElseThrow().batch("lamp-warehouse").orElseThrow().heldQuantity()).isEqualTo(1);
        }
    }

    @Test
    void a_product_that_holds_nothing_is_loaded_without_a_look_at_held_stock() {
        saveProductWithLinesInEveryState();
        try (UnitOfWork uow = start()) {
            Product other = new Product("HELD-SKU");
            uow.products().add(other);
            other.addBatch("held-batch", 5, null, NOW);
            place(uow, "cart", new Hold.Wanted("HELD-SKU", 2));
            uow.commit();
        }
        // Behind the unit of work's back: any read of held stock now fails.
        database.jdbi().useHandle(handle -> handle.execute("ALTER TABLE held_stock RENAME TO held_stock_gone"));

        try (UnitOfWork uow = start()) {
            assertThat(uow.products().get("GENERIC-SOFA").orElseThrow().held()).isEmpty();
        }
        try (UnitOfWork uow = start()) {
            assertThatThrownBy(() -> uow.products().get("HELD-SKU")).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void products_prefetched_together_come_with_their_own_held_stock() {
        List<String> skus = IntStream.range(0, 3).mapToObj(i -> "SKU-" + i).toList();
        try (UnitOfWork uow = start()) {
            for (String sku : skus) {
                Product product = new Product(sku);
                uow.products().add(product);
                product.addBatch("batch-of-" + sku, 5, null, NOW);
            }
            place(uow, "cart-a", new Hold.Wanted("SKU-0", 1), new Hold.Wanted("SKU-2", 2));
            place(uow, "cart-b", new Hold.Wanted("SKU-2", 3));
            uow.commit();
        }

        try (UnitOfWork uow = start()) {
            uow.products().prefetch(skus.stream().map(sku -> new OrderLine("o", sku, 1)).toList());
            // Behind the unit of work's back: a read made now would see no held stock at all.
            database.jdbi().useHandle(handle -> handle.execute("DELETE FROM held_stock"));

            assertThat(uow.products().get("SKU-0").orElseThrow().held()).extracting(HeldStock::holdId, HeldStock::qty)
                    .containsExactly(tuple("cart-a", 1));
            assertThat(uow.products().get("SKU-1").orElseThrow().held()).isEmpty();
            assertThat(uow.products().get("SKU-2").orElseThrow().held()).extracting(HeldStock::holdId, HeldStock::qty)
                    .containsExactly(tuple("cart-a", 2), tuple("cart-b", 3));
        }
    }
}
