package com.example.allocation.adapters.persistence;

import static com.example.allocation.TestDates.LATER;
import static com.example.allocation.TestDates.TOMORROW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.example.allocation.TestDatabases;
import com.example.allocation.domain.AcceptedLine;
import com.example.allocation.domain.Batch;
import com.example.allocation.domain.Hold;
import com.example.allocation.domain.OrderLine;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.commands.ConfirmHold;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.domain.commands.ExpireHold;
import com.example.allocation.domain.commands.ExtendHold;
import com.example.allocation.domain.commands.PlaceHold;
import com.example.allocation.domain.commands.ReleaseHold;
import com.example.allocation.servicelayer.FakeStore;
import com.example.allocation.servicelayer.messagebus.CommandType;
import com.example.allocation.servicelayer.messagebus.Commands;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every field the domain can change is stored: products and holds changed only through the domain's own operations
 * are saved, loaded in a fresh unit of work and compared field by field, recursively, so that a field added to
 * {@link Product}, {@link Batch} or {@link Hold} later is compared without a change here, and a repository that does
 * not store it fails. The lines, which a product reads on demand, are compared through its public accessor. Each
 * product is saved once new (inserted) and once changed after loading (updated), on the service layer's fakes,
 * H2 and PostgreSQL.
 */
@ParameterizedClass
@EnumSource(ProductRoundTripIT.Storage.class)
class ProductRoundTripIT {

    enum Storage { FAKES, H2, POSTGRES }

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    /** Every hold id the tests place, so that each commit remembers every hold as it was. */
    private static final List<String> HOLD_IDS = List.of("sofa-cart", "lamp-cart", "short-cart", "new-cart",
            "placed", "to-release", "to-confirm", "to-expire");

    @Parameter
    Storage storage;

    private Database database;
    private UnitOfWorkFactory unitsOfWork;

    /** A product as it was when its unit of work committed, and its lines, read before the unit of work ended. */
    private record Saved(Product product, List<AcceptedLine> lines) {
    }

    private final Map<String, Saved> saved = new LinkedHashMap<>();
    private final Map<String, Hold> savedHolds = new LinkedHashMap<>();

    @BeforeEach
    void freshStorage() {
        switch (storage) {
            case FAKES -> unitsOfWork = new FakeStore()::start;
            case H2 -> database = TestDatabases.fresh(TestDatabases.Kind.H2);
            case POSTGRES -> database = TestDatabases.fresh(TestDatabases.Kind.POSTGRES);
        }
        if (database != null) {
            unitsOfWork = database.unitsOfWork();
        }
    }

    @AfterEach
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    private static OrderLine line(String sku, String orderId, int qty) {
        return new OrderLine(orderId, sku, qty);
    }

    private static void place(UnitOfWork uow, String holdId, Duration ttl, Instant now, String sku, int qty) {
        uow.holds().add(Hold.place(holdId, List.of(new Hold.Wanted(sku, qty)), ttl, now, each -> uow.products().get(each).orElseThrow()));
    }

    @Test
    void products_come_back_from_storage_exactly_as_the_domain_left_them_when_new_and_when_changed() {
        try (UnitOfWork uow = unitsOfWork.start()) {
            Product sofa = new Product("SOFA");
            uow.products().add(sofa);
            sofa.addBatch("sofa-warehouse", 10, null, NOW);
            sofa.addBatch("sofa-ship", 8, TOMORROW, NOW);
            sofa.addBatch("sofa-later", 4, LATER, NOW);
            sofa.allocate(line("SOFA", "o1", 4), NOW);
            sofa.allocate(line("SOFA", "o2", 5), NOW);
            sofa.allocate(line("SOFA", "o3", 6), NOW);
            sofa.allocate(line("SOFA", "o4", 20), NOW);
            sofa.allocate(line("SOFA", "o5", 3), NOW);
            sofa.changeBatchQuantity("sofa-warehouse", 5, NOW);
            sofa.deallocate("o1", NOW);
            sofa.changeBatchQuantity("sofa-ship", 30, NOW);
            sofa.allocate(line("SOFA", "o6", 50), NOW);
            sofa.allocate(line("SOFA", "o7", 40), NOW);
            sofa.deallocate("o7", NOW);
            Product lamp = new Product("LAMP");
            uow.products().add(lamp);
            lamp.addBatch("lamp-warehouse", 2, null, NOW);
            lamp.allocate(line("LAMP", "l1", 1), NOW);
            lamp.allocate(line("LAMP", "l2", 5), NOW);
            Product untouched = new Product("UNTOUCHED");
            uow.products().add(untouched);
            place(uow, "sofa-cart", Duration.ofHours(1), NOW, "SOFA", 2);
            place(uow, "short-cart", Duration.ofMinutes(1), NOW, "SOFA", 1);
            place(uow, "lamp-cart", Duration.ofHours(1), NOW, "LAMP", 1);
            commit(uow, sofa, lamp, untouched);
        }

        assertEachComesBackAsSaved();

        // Later: the short hold has expired, the sofa's shrinking batch loses a hold, the lamp's is extended.
        Instant later = NOW.plus(Duration.ofMinutes(5));
        try (UnitOfWork uow = unitsOfWork.start()) {
            Product sofa = uow.products().get("SOFA").orElseThrow();
            for (String lost : sofa.changeBatchQuantity("sofa-ship", 10, later)) {
                uow.holds().get(lost).orElseThrow().lose("SOFA", later, sku -> uow.products().get(sku).orElseThrow());
            }
            sofa.addBatch("sofa-extra", 60, null, later);
            sofa.addBatch("sofa-boat", 25, LATER.plusDays(5), later);
            sofa.deallocate("o3", later);
            sofa.allocate(line("SOFA", "o8", 2), later);
            sofa.deallocate("o5", later);
            sofa.allocate(line("SOFA", "o5", 3), later);
            sofa.allocate(line("SOFA", "o9", 100), later);
            sofa.deallocate("o6", later);
            place(uow, "new-cart", Duration.ofMinutes(15), later, "SOFA", 3);
            Product lamp = uow.products().get("LAMP").orElseThrow();
            lamp.changeBatchQuantity("lamp-warehouse", 6, later);
            lamp.allocate(line("LAMP", "l3", 1), later);
            uow.holds().get("lamp-cart").orElseThrow().extend(Duration.ofHours(2), later, sku -> uow.products().get(sku).orElseThrow());
            commit(uow, sofa, lamp);
        }

        assertEachComesBackAsSaved();
        assertThat(savedHolds.values()).extracting(Hold::holdId, Hold::recordedStatus).as("holds of every status the test gives")
                .contains(tuple("sofa-cart", Hold.Status.LOST),
                        tuple("lamp-cart", Hold.Status.ACTIVE));
    }

    /** A command of each kind in the catalogue: a command added later needs a sample here, or the test below fails. */
    private static final Map<Class<?>, Command> SAMPLES = Map.of(
            CreateBatch.class, new CreateBatch("desk-ship", "DESK", 5, TOMORROW),
            Allocate.class, new Allocate("d2", "DESK", 9),
            ChangeBatchQuantity.class, new ChangeBatchQuantity("desk-warehouse", 12),
            Deallocate.class, new Deallocate("d1", "DESK"),
            PlaceHold.class, new PlaceHold("placed", List.of(new Hold.Wanted("DESK", 2)), 600),
            ExtendHold.class, new ExtendHold("placed", 900),
            ReleaseHold.class, new ReleaseHold("to-release"),
            ConfirmHold.class, new ConfirmHold("to-confirm", "d3"),
            ExpireHold.class, new ExpireHold("to-expire"));

    @Test
    void whatever_each_command_of_the_catalogue_changes_comes_back_from_storage() {
        assertThat(SAMPLES.keySet()).as("a sample of every command in the catalogue")
                .containsExactlyInAnyOrder(Command.class.getPermittedSubclasses());
        handleAndCommit(new CreateBatch("desk-warehouse", "DESK", 10, null), NOW);
        handleAndCommit(new Allocate("d1", "DESK", 4), NOW);
        handleAndCommit(new PlaceHold("to-release", List.of(new Hold.Wanted("DESK", 1)), 3600), NOW);
        handleAndCommit(new PlaceHold("to-confirm", List.of(new Hold.Wanted("DESK", 1)), 3600), NOW);
        handleAndCommit(new PlaceHold("to-expire", List.of(new Hold.Wanted("DESK", 1)), 60), NOW);

        Instant later = NOW.plus(Duration.ofMinutes(2));
        for (CommandType<?> type : Commands.ALL) {
            handleAndCommit(SAMPLES.get(type.type()), later);
            assertEachComesBack();
        }
        assertThat(savedHolds.values()).extracting(Hold::recordedStatus).as("every status a command records")
                .contains(Hold.Status.ACTIVE, Hold.Status.RELEASED, Hold.Status.CONFIRMED, Hold.Status.EXPIRED);
    }

    /** Handles the command at {@code now} with its handler from the catalogue, in a unit of work of its own, and commits. */
    private void handleAndCommit(Command command, Instant now) {
        try (UnitOfWork uow = unitsOfWork.start()) {
            Commands.of(command).handle(command, uow, now);
            commit(uow, uow.products().get("DESK").orElseThrow());
        }
    }

    /** Remembers each product, and every hold there is, as it is now, then commits. */
    private void commit(UnitOfWork uow, Product... products) {
        for (Product product : products) {
            saved.put(product.sku(), new Saved(product, product.lines()));
        }
        HOLD_IDS.forEach(holdId -> uow.holds().get(holdId).ifPresent(hold -> savedHolds.put(holdId, hold)));
        uow.commit();
    }

    private void assertEachComesBackAsSaved() {
        assertThat(saved.values()).as("the products saved hold batches with and without an ETA, allocated and backordered lines")
                .anyMatch(each -> each.product().batches().stream().anyMatch(batch -> batch.eta().isPresent()))
                .anyMatch(each -> each.product().batches().stream().anyMatch(batch -> batch.eta().isEmpty()))
                .anyMatch(each -> each.lines().stream().anyMatch(AcceptedLine::isAllocated))
                .anyMatch(each -> each.lines().stream().anyMatch(AcceptedLine::isBackordered))
                .anyMatch(each -> !each.product().held().isEmpty());
        assertEachComesBack();
    }

    private void assertEachComesBack() {
        try (UnitOfWork uow = unitsOfWork.start()) {
            for (Saved expected : saved.values()) {
                Product loaded = uow.products().get(expected.product().sku()).orElseThrow();

                // events: raised, not stored; lines: the handle the product reads them through, compared below.
                assertThat(loaded).usingRecursiveComparison().ignoringFields("events", "lines").isEqualTo(expected.product());
                assertThat(loaded.lines()).usingRecursiveComparison().isEqualTo(expected.lines());
            }
            savedHolds.forEach((holdId, expected) ->
                    assertThat(uow.holds().get(holdId)).get().usingRecursiveComparison().isEqualTo(expected));
        }
    }
}
