package com.example.allocation.servicelayer.messagebus;

import static com.example.allocation.TestDates.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.example.allocation.domain.Batch;
import com.example.allocation.domain.OrderLine;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.events.OutOfStock;
import com.example.allocation.domain.refusals.AllocationException;
import com.example.allocation.domain.refusals.InvalidSku;
import com.example.allocation.servicelayer.FakeService;
import com.example.allocation.servicelayer.FakeStore;
import com.example.allocation.servicelayer.InterceptedUnitOfWork;
import com.example.allocation.servicelayer.outbox.ChannelMessage;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import com.example.allocation.servicelayer.writes.DirectBus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MessageBusTest {

    private final FakeStore store = new FakeStore();


    @Test
    void a_failing_event_handler_is_retried_then_skipped_without_stopping_the_others_or_the_command() {
        AtomicInteger attempts = new AtomicInteger();
        List<Allocated> seenByTheOther = Collections.synchronizedList(new ArrayList<>());
        DirectBus bus = FakeService.commandsOnly(store::start)
                .event(Allocated.class, "broken", (event, uow) -> {
                    attempts.incrementAndGet();
                    uow.readModel().add(event.orderId(), event.sku(), "written-by-the-broken-handler");
                    throw new IllegalStateException("boom");
                })
                .event(Allocated.class, "working", (event, uow) -> seenByTheOther.add(event))
                .build();
        bus.handle(new CreateBatch("b1", "LAMP", 10, null));

        bus.handle(new Allocate("o1", "LAMP", 1));

        assertThat(attempts).hasValue(FakeService.FAST.eventHandlers().maxAttempts());
        assertThat(seenByTheOther).containsExactly(new Allocated("o1", "LAMP", 1, "b1"));
        assertThat(store.product("LAMP").orElseThrow().line("o1")).isPresent();
        assertThat(store.allocation("o1", "LAMP")).as("what the broken handler wrote is dropped").isEmpty();
    }

    @Test
    void a_command_that_fails_rolls_back_everything_it_did_and_is_counted_as_failed() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DirectBus bus = FakeService.commandsOnly(store::start, (command, uow, now) -> {
            Handlers.allocate(command, uow, now);
            throw new IllegalStateException("crashed after allocating");
        }).event(Allocated.class, "readModel", Handlers::addAllocationToReadModel)
                .event(Allocated.class, "publish", Handlers::publishAllocatedEvent)
                .meters(meters)
                .build();
        bus.handle(new CreateBatch("b1", "LAMP", 10, null));

        assertThatThrownBy(() -> bus.handle(new Allocate("o1", "LAMP", 1))).hasMessage("crashed after allocating");

        Product product = store.product("LAMP").orElseThrow();
        assertThat(product.line("o1")).isEmpty();
        assertThat(product.batch("b1").map(Batch::availableQuantity)).contains(10);
        assertThat(store.allocation("o1", "LAMP")).isEmpty();
        assertThat(store.outbox()).isEmpty();
        assertThat(commands(meters, "Allocate", "failed")).isEqualTo(1);
        assertThat(commands(meters, "CreateBatch", "accepted")).isEqualTo(1);
        assertThat(meters.get("allocation.allocations").tag("outcome", "allocated").counter().count())
                .as("an allocation rolled back is not counted").isZero();
    }

    private static double commands(SimpleMeterRegistry meters, String type, String outcome) {
        return meters.get("allocation.commands").tag("type", type).tag("outcome", outcome).counter().count();
    }

    @Test
    void a_command_that_loses_a_concurrency_race_is_retried_on_fresh_data_and_both_succeed_and_the_retry_is_counted() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicBoolean raceRun = new AtomicBoolean();
        DirectBus[] rival = new DirectBus[1];
        AtomicInteger conflicts = new AtomicInteger();
        UnitOfWorkFactory unluckyFirstTime = () -> new InterceptedUnitOfWork(store.start(), () -> {
            if (raceRun.compareAndSet(false, true)) {
                rival[0].handle(new Allocate("rival", "LAMP", 3));
            }
        }, conflicts);
        rival[0] = FakeService.commandsOnly(store::start).build();
        DirectBus bus = FakeService.commandsOnly(unluckyFirstTime).meters(meters).build();
        rival[0].handle(new CreateBatch("b1", "LAMP", 10, null));
        long version = store.product("LAMP").orElseThrow().version();

        bus.handle(new Allocate("unlucky", "LAMP", 4));

        Product product = store.product("LAMP").orElseThrow();
        assertThat(conflicts).hasValue(1);
        assertThat(product.version()).isEqualTo(version + 2);
        assertThat(product.line("rival")).isPresent();
        assertThat(product.line("unlucky")).isPresent();
        assertThat(product.batch("b1").map(Batch::availableQuantity)).contains(3);
        assertThat(meters.get("allocation.concurrency.retries").counter().count()).isEqualTo(1);
        assertThat(commands(meters, "Allocate", "accepted")).isEqualTo(1);
        assertThat(meters.get("allocation.allocations").tag("outcome", "allocated").counter().count()).isEqualTo(1);
    }

    @Test
    void one_bus_serves_many_threads_at_once_without_over_allocating() throws Exception {
        DirectBus bus = FakeService.commandsOnly(store::start).build();
        bus.handle(new CreateBatch("b1", "LAMP", 20, null));
        List<Callable<Void>> orders = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String orderId = "order-" + i;
            orders.add(() -> {
                bus.handle(new Allocate(orderId, "LAMP", 1));
                return null;
            });
        }

        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (Future<Void> result : threads.invokeAll(orders)) {
                result.get();
            }
        } finally {
            threads.shutdown();
        }

        Product product = store.product("LAMP").orElseThrow();
        assertThat(product.batch("b1").map(Batch::availableQuantity)).contains(0);
        assertThat(product.lines()).hasSize(32);
        assertThat(product.lines().stream().filter(line -> line.isAllocated())).hasSize(20);
    }

    @Test
    void follow_up_events_raised_by_event_handlers_are_handled_before_handle_returns() {
        List<Allocated> published = Collections.synchronizedList(new ArrayList<>());
        DirectBus bus = FakeService.commandsOnly(store::start)
                .event(OutOfStock.class, "reorder", (event, uow) ->
                        uow.products().get(event.sku()).orElseThrow().addBatch("reorder-" + event.sku(), 50, null, NOW))
                .event(Allocated.class, "record", (event, uow) -> published.add(event))
                .build();
        bus.handle(new CreateBatch("b1", "LAMP", 1, null));

        bus.handle(new Allocate("o1", "LAMP", 5));

        assertThat(published).containsExactly(new Allocated("o1", "LAMP", 5, "reorder-LAMP"));
    }

    @Test
    void commands_handled_together_commit_once_and_a_refused_one_changes_nothing_and_stops_no_other() {
        DirectBus bus = FakeService.commandsOnly(store::start).build();
        bus.handle(new CreateBatch("b1", "LAMP", 10, null));
        int commitsBefore = store.commits();

        List<Optional<AllocationException>> outcomes = bus.handleTogether(Stream.of(
                        new Allocate("o1", "LAMP", 4), new Allocate("o2", "NO-SUCH-SKU", 1), new Allocate("o3", "LAMP", 6))
                .map(command -> new Envelope(command, Origin.UNAUTHENTICATED)).toList());

        assertThat(outcomes.get(0)).isEmpty();
        assertThat(outcomes.get(1)).containsInstanceOf(InvalidSku.class);
        assertThat(outcomes.get(2)).isEmpty();
        assertThat(store.commits()).isEqualTo(commitsBefore + 1);
        assertThat(store.product("LAMP").orElseThrow().batch("b1").map(Batch::availableQuantity)).contains(0);
        assertThat(store.product("NO-SUCH-SKU")).isEmpty();
    }

    @Test
    void allocations_handled_together_are_announced_to_the_repository_first_so_it_can_read_them_in_one_go() {
        DirectBus bus = FakeService.commandsOnly(store::start).build();
        bus.handle(new CreateBatch("b1", "LAMP", 10, null));
        bus.handle(new Allocate("alone", "LAMP", 1));

        bus.handleTogether(Stream.of(new Allocate("o1", "LAMP", 1), new CreateBatch("b2", "SOFA", 5, null), new Allocate("o2", "SOFA", 1))
                .map(command -> new Envelope(command, Origin.UNAUTHENTICATED)).toList());

        assertThat(store.prefetches()).as("one command alone has nothing to read ahead")
                .containsExactly(List.of(new OrderLine("o1", "LAMP", 1), new OrderLine("o2", "SOFA", 1)));
        assertThat(store.product("SOFA").orElseThrow().line("o2")).as("a product created in the same batch is still found").isPresent();
    }

    @Test
    void each_message_records_who_asked_for_the_change_that_caused_it_even_when_commands_share_a_commit() {
        DirectBus bus = FakeService.commandsOnly(store::start)
                .event(Allocated.class, "publish", (event, uow) -> uow.outbox().add(new ChannelMessage("line_allocated", event)))
                .build();
        bus.handle(new CreateBatch("b1", "LAMP", 10, null), Origin.requestedBy("stock-service"));

        bus.handleTogether(List.of(
                new Envelope(new Allocate("o1", "LAMP", 1), Origin.requestedBy("web-shop")),
                new Envelope(new Allocate("o2", "LAMP", 1), Origin.requestedBy("phone-orders")),
                new Envelope(new Allocate("o3", "LAMP", 1), Origin.UNAUTHENTICATED)));

        assertThat(store.outbox()).extracting(entry -> ((Allocated) ((ChannelMessage) entry.message()).event()).orderId(),
                        entry -> entry.origin().requestedBy())
                .containsExactly(tuple("o1", "web-shop"), tuple("o2", "phone-orders"), tuple("o3", null));
    }

    @Test
    void a_message_delivered_again_is_acknowledged_and_not_applied_twice_even_within_one_commit() {
        DirectBus bus = FakeService.commandsOnly(store::start).build();
        bus.handle(new CreateBatch("b1", "LAMP", 10, null));
        Envelope shrink = new Envelope(new ChangeBatchQuantity("b1", 8), Origin.UNAUTHENTICATED, "message-1");
        Envelope allocate = new Envelope(new Allocate("o1", "LAMP", 1), Origin.UNAUTHENTICATED, "topic/0/7");

        List<Optional<AllocationException>> first = bus.handleTogether(List.of(shrink, allocate, allocate));
        List<Optional<AllocationException>> again = bus.handleTogether(List.of(allocate,
                new Envelope(new ChangeBatchQuantity("b1", 4), Origin.UNAUTHENTICATED, "message-1")));

        assertThat(first).containsOnly(Optional.empty());
        assertThat(again).containsOnly(Optional.empty());
        Batch batch = store.product("LAMP").orElseThrow().batch("b1").orElseThrow();
        assertThat(batch.purchasedQuantity()).isEqualTo(8);
        assertThat(batch.availableQuantity()).isEqualTo(7);
    }

    @Test
    void a_refused_message_is_not_recorded_as_applied() {
        DirectBus bus = FakeService.commandsOnly(store::start).build();
        bus.handle(new CreateBatch("b1", "LAMP", 10, null));
        Envelope early = new Envelope(new Allocate("o1", "NOT-YET", 1), Origin.UNAUTHENTICATED, "message-2");

        assertThat(bus.handleTogether(List.of(early, new Envelope(new Allocate("o2", "LAMP", 1), Origin.UNAUTHENTICATED))).get(0))
                .containsInstanceOf(InvalidSku.class);
        assertThat(store.applied("message-2")).isFalse();
    }

    @Test
    void every_command_of_the_family_has_its_entry_in_the_catalogue_and_so_its_handler() {
        assertThat(Commands.ALL.stream().<Class<?>>map(CommandType::type).toList())
                .containsExactlyInAnyOrder(Command.class.getPermittedSubclasses());
        assertThat(Commands.ALL).extracting(CommandType::handler).doesNotContainNull();
        assertThat(Commands.names()).doesNotHaveDuplicates();
    }

    @Test
    void refuses_a_second_handler_for_a_command() {
        assertThatThrownBy(() -> MessageBus.builder(FakeService.FAST.eventHandlers(), Clock.systemUTC())
                .command(Commands.ALLOCATE, Handlers::allocate)
                .command(Commands.ALLOCATE, Handlers::allocate))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one");
    }
}
