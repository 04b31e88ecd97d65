package com.example.allocation.servicelayer;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.domain.AcceptedLine;
import com.example.allocation.domain.Batch;
import com.example.allocation.domain.HeldStock;
import com.example.allocation.domain.Hold;
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
import com.example.allocation.domain.refusals.AllocationException;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import com.example.allocation.views.Availability;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * For any sequence of commands — including ones the rules refuse — the allocation stays right after
 * every step. The small pools of SKUs, references, order ids and hold ids make collisions, repeats, shrinks,
 * cancellations and holds on the same stock common; time passes between some steps, so holds run out.
 */
class AllocationPropertiesTest {

    private static final List<String> SKUS = List.of("LAMP", "SOFA");
    private static final List<String> ORDER_IDS = List.of("o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8");
    private static final List<String> HOLD_IDS = List.of("h1", "h2", "h3", "h4");

    /** A command, sent once the clock has moved on by {@code secondsLater}. */
    record Step(int secondsLater, Command command) {
    }
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 20);

    @Property(tries = 400)
    void after_every_command_no_batch_is_over_allocated_or_held_every_accepted_line_is_placed_once_and_new_lines_get_the_best_batch(
            @ForAll("commandSequences") List<Step> steps) {
        FakeService service = new FakeService();
        Map<String, Integer> accepted = new HashMap<>();

        for (Step step : steps) {
            service.clock.advance(Duration.ofSeconds(step.secondsLater()));
            Command command = step.command();
            Optional<List<Batch>> batchesBefore = command instanceof Allocate allocate
                    ? service.store.product(allocate.sku()).map(product -> {
                        product.expireHolds(service.clock.instant());
                        return product.batches();
                    })
                    : Optional.empty();
            boolean newLine = command instanceof Allocate allocate && !accepted.containsKey(key(allocate.orderId(), allocate.sku()));
            Optional<Availability> promised = newLine && command instanceof Allocate allocate ? promise(service, allocate)
                    : Optional.empty();
            boolean confirmedBefore = command instanceof ConfirmHold confirm && service.store.hold(confirm.holdId())
                    .map(hold -> hold.recordedStatus() == Hold.Status.CONFIRMED).orElse(false);
            try {
                service.handle(command);
                if (command instanceof Allocate allocate) {
                    accepted.putIfAbsent(key(allocate.orderId(), allocate.sku()), allocate.qty());
                } else if (command instanceof Deallocate deallocate) {
                    accepted.remove(key(deallocate.orderId(), deallocate.sku()));
                } else if (command instanceof ConfirmHold confirm && !confirmedBefore) {
                    service.store.hold(confirm.holdId()).orElseThrow().lines()
                            .forEach(line -> accepted.put(key(confirm.orderId(), line.sku()), line.qty()));
                }
            } catch (AllocationException refused) {
                // Refusals (duplicate batch, unknown SKU, conflicting line...) are part of the game: they must change nothing.
            }

            assertNoBatchIsOverAllocated(service);
            assertEveryHoldHoldsExactlyWhatItsStatusSays(service);
            assertEveryAcceptedLineIsAllocatedOrBackorderedExactlyOnce(service, accepted);
            assertNoBackorderedLineCouldBeAllocated(service);
            assertTheReadModelAgreesWithTheProducts(service);
            assertEachLinesHistoryEndsWhereTheLineIs(service, accepted);
            if (newLine && batchesBefore.isPresent()) {
                Allocate allocate = (Allocate) command;
                assertTheNewLineSitsInTheMostPreferredBatchThatCouldTakeIt(service, allocate, batchesBefore.get());
                assertTheNewLineWentWhereItWasPromised(service, allocate, promised.orElseThrow());
            }
        }
    }

    /** What the service would have promised the line just before it was placed; asking changes nothing. */
    private static Optional<Availability> promise(FakeService service, Allocate allocate) {
        Optional<Long> versionBefore = service.store.product(allocate.sku()).map(Product::version);
        Optional<Availability> answer;
        try (UnitOfWork uow = service.store.start()) {
            answer = Availability.of(uow, allocate.sku(), allocate.qty(), service.clock.instant(), null);
        }
        assertThat(service.store.product(allocate.sku()).map(Product::version)).as("asking for a promise writes nothing")
                .isEqualTo(versionBefore);
        return answer;
    }

    private static void assertTheNewLineWentWhereItWasPromised(FakeService service, Allocate allocate, Availability promised) {
        AcceptedLine line = service.store.product(allocate.sku()).orElseThrow().line(allocate.orderId()).orElseThrow();
        assertThat(line.batch()).as("batch of new line %s, promised %s", line, promised)
                .isEqualTo(promised.promise().map(Availability.Promise::batchref));
    }

    /**
     * The history, written by event handlers, never disagrees with the allocation: each accepted line's last fact
     * is being allocated to the batch it is in, or backordered; a cancelled line's is its cancellation.
     */
    private static void assertEachLinesHistoryEndsWhereTheLineIs(FakeService service, Map<String, Integer> accepted) {
        for (String orderId : ORDER_IDS) {
            for (String sku : SKUS) {
                List<FakeStore.HistoryEntry> facts = service.store.history(orderId).stream()
                        .filter(fact -> fact.sku().equals(sku)).toList();
                Optional<AcceptedLine> line = service.store.product(sku).flatMap(product -> product.line(orderId));
                if (line.isEmpty()) {
                    assertThat(facts.isEmpty() || facts.get(facts.size() - 1).type().equals("LineCancelled"))
                            .as("history of %s/%s, which has no line: %s", orderId, sku, facts).isTrue();
                    continue;
                }
                assertThat(facts).as("history of %s", line.get()).isNotEmpty();
                FakeStore.HistoryEntry last = facts.get(facts.size() - 1);
                assertThat(last.type()).as("last fact of %s", line.get()).isEqualTo(line.get().isAllocated() ? "Allocated" : "Backordered");
                assertThat(last.batchRef()).as("last fact of %s", line.get()).isEqualTo(line.get().batchRef());
                assertThat(last.qty()).isEqualTo(accepted.get(key(orderId, sku)));
                assertThat(facts).allSatisfy(fact -> assertThat(fact.cause()).isNotBlank());
            }
        }
    }

    private static void assertNoBatchIsOverAllocated(FakeService service) {
        for (Product product : products(service).toList()) {
            for (Batch batch : product.batches()) {
                int allocatedLines = product.lines().stream()
                        .filter(line -> batch.batchRef().equals(line.batchRef()))
                        .mapToInt(AcceptedLine::qty).sum();
                int heldStock = product.held().stream().filter(stock -> batch.batchRef().equals(stock.batchRef()))
                        .mapToInt(HeldStock::qty).sum();
                assertThat(batch.allocatedQuantity()).as("allocated to %s", batch).isEqualTo(allocatedLines);
                assertThat(batch.heldQuantity()).as("held on %s", batch).isEqualTo(heldStock);
                assertThat(batch.availableQuantity()).as("available in %s: allocated + held <= purchased", batch).isNotNegative();
            }
        }
    }

    /**
     * Stock is held for a hold exactly while it is recorded active, on the batch and until the expiry the hold records;
     * an active hold that has not run out holds every one of its lines (a product not touched since an expiry may still
     * keep stock for it: it sets nothing aside, and the next change to that product lets it go).
     */
    private static void assertEveryHoldHoldsExactlyWhatItsStatusSays(FakeService service) {
        Instant now = service.clock.instant();
        for (String holdId : HOLD_IDS) {
            Optional<Hold> hold = service.store.hold(holdId);
            for (String sku : SKUS) {
                Optional<HeldStock> stock = service.store.product(sku).flatMap(product -> product.heldFor(holdId));
                Optional<Hold.Line> line = hold.flatMap(h -> h.lines().stream().filter(l -> l.sku().equals(sku)).findFirst());
                if (stock.isPresent()) {
                    assertThat(hold.map(Hold::recordedStatus)).as("status of %s, holding %s", holdId, stock.get()).contains(Hold.Status.ACTIVE);
                    assertThat(line).as("line of %s on %s", holdId, sku)
                            .contains(new Hold.Line(sku, stock.get().qty(), stock.get().batchRef(), line.map(Hold.Line::eta).orElse(null)));
                    assertThat(stock.get().expiresAt()).isEqualTo(hold.get().expiresAt());
                } else if (hold.isPresent() && hold.get().status(now) == Hold.Status.ACTIVE) {
                    assertThat(line).as("%s is active and holds nothing of %s", holdId, sku).isEmpty();
                }
            }
        }
    }

    private static void assertEveryAcceptedLineIsAllocatedOrBackorderedExactlyOnce(FakeService service, Map<String, Integer> accepted) {
        Map<String, Integer> placed = new HashMap<>();
        products(service).flatMap(product -> product.lines().stream()).forEach(line -> {
            Integer previous = placed.put(key(line.orderId(), line.line().sku()), line.qty());
            assertThat(previous).as("%s placed twice", line).isNull();
        });
        assertThat(placed).isEqualTo(accepted);
    }

    private static void assertNoBackorderedLineCouldBeAllocated(FakeService service) {
        products(service).forEach(product -> {
            int room = product.batches().stream().mapToInt(Batch::availableQuantity).max().orElse(0);
            assertThat(product.lines()).filteredOn(AcceptedLine::isBackordered)
                    .allSatisfy(line -> assertThat(line.qty()).as("backordered %s fits in %s", line, product).isGreaterThan(room));
        });
    }

    private static void assertTheReadModelAgreesWithTheProducts(FakeService service) {
        List<AcceptedLine> allocated = products(service).flatMap(product -> product.lines().stream())
                .filter(AcceptedLine::isAllocated).toList();
        assertThat(service.store.allocationCount()).isEqualTo(allocated.size());
        allocated.forEach(line ->
                assertThat(service.store.allocation(line.orderId(), line.line().sku())).contains(line.batchRef()));
    }

    private static void assertTheNewLineSitsInTheMostPreferredBatchThatCouldTakeIt(
            FakeService service, Allocate allocate, List<Batch> batchesBefore) {
        Optional<String> bestBefore = batchesBefore.stream()
                .filter(batch -> batch.availableQuantity() >= allocate.qty()).map(Batch::batchRef).findFirst();
        AcceptedLine line = service.store.product(allocate.sku()).orElseThrow().line(allocate.orderId()).orElseThrow();
        assertThat(line.batch()).as("batch of new line %s", line).isEqualTo(bestBefore);
    }

    private static Stream<Product> products(FakeService service) {
        return SKUS.stream().flatMap(sku -> service.store.product(sku).stream());
    }

    private static String key(String orderId, String sku) {
        return orderId + "/" + sku;
    }

    @Provide
    Arbitrary<List<Step>> commandSequences() {
        Arbitrary<String> skus = Arbitraries.of(SKUS);
        Arbitrary<String> references = Arbitraries.of("r1", "r2", "r3", "r4", "r5");
        Arbitrary<String> orderIds = Arbitraries.of(ORDER_IDS);
        Arbitrary<LocalDate> etas = Arbitraries.integers().between(0, 3).map(TODAY::plusDays).injectNull(0.4);

        Arbitrary<Command> createBatch = Combinators.combine(references, skus, Arbitraries.integers().between(1, 15), etas)
                .as(CreateBatch::new);
        Arbitrary<Command> allocate = Combinators.combine(orderIds, skus, Arbitraries.integers().between(1, 8))
                .as(Allocate::new);
        Arbitrary<Command> changeQuantity = Combinators.combine(references, Arbitraries.integers().between(0, 15))
                .as(ChangeBatchQuantity::new);
        Arbitrary<Command> deallocate = Combinators.combine(orderIds, skus).as(Deallocate::new);
        Arbitrary<String> holdIds = Arbitraries.of(HOLD_IDS);
        Arbitrary<List<Hold.Wanted>> holdLines = Combinators.combine(skus, Arbitraries.integers().between(1, 6))
                .as(Hold.Wanted::new).list().ofMinSize(1).ofMaxSize(2).uniqueElements(Hold.Wanted::sku);
        Arbitrary<Integer> ttls = Arbitraries.of(60, 300, 900);
        Arbitrary<Command> placeHold = Combinators.combine(holdIds, holdLines, ttls.injectNull(0.3)).as(PlaceHold::new);
        Arbitrary<Command> extendHold = Combinators.combine(holdIds, ttls).as(ExtendHold::new);
        Arbitrary<Command> releaseHold = holdIds.map(ReleaseHold::new);
        Arbitrary<Command> confirmHold = Combinators.combine(holdIds, orderIds).as(ConfirmHold::new);
        Arbitrary<Command> expireHold = holdIds.map(ExpireHold::new);

        Map<Class<?>, Tuple.Tuple2<Integer, Arbitrary<Command>>> byCommand = Map.of(
                CreateBatch.class, Tuple.of(2, createBatch),
                Allocate.class, Tuple.of(6, allocate),
                ChangeBatchQuantity.class, Tuple.of(2, changeQuantity),
                Deallocate.class, Tuple.of(1, deallocate),
                PlaceHold.class, Tuple.of(3, placeHold),
                ExtendHold.class, Tuple.of(1, extendHold),
                ReleaseHold.class, Tuple.of(1, releaseHold),
                ConfirmHold.class, Tuple.of(2, confirmHold),
                ExpireHold.class, Tuple.of(1, expireHold));
        assertThat(byCommand.keySet()).as("a generator for every command of the catalogue; a command added later needs one")
                .containsExactlyInAnyOrder(Command.class.getPermittedSubclasses());
        Arbitrary<Command> commands = Arbitraries.frequencyOf(byCommand.values().toArray(Tuple.Tuple2[]::new));
        Arbitrary<Integer> pauses = Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.just(0)),
                Tuple.of(3, Arbitraries.integers().between(30, 700)));
        return Combinators.combine(pauses, commands).as(Step::new).list().ofMinSize(1).ofMaxSize(40);
    }
}
