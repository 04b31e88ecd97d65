package com.example.allocation.entrypoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.domain.Hold;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.PlaceHold;
import com.example.allocation.domain.events.HoldReleased;
import com.example.allocation.servicelayer.FakeService;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The sweeper expires what has run out, through the bus, and nothing else (docs/spec.md §2, rule 15). */
class HoldSweeperTest {

    private final FakeService service = new FakeService("allocation.events");
    private final HoldSweeper sweeper = new HoldSweeper(service.store::start, service.bus, service.clock);

    @Test
    void expires_every_hold_whose_time_has_passed_and_announces_each_once() {
        service.handle(new CreateBatch("b1", "CHAIR", 1_000, null));
        IntStream.range(0, 150).forEach(i -> service.handle(new PlaceHold("cart-" + i, List.of(new Hold.Wanted("CHAIR", 1)), 60)));
        service.handle(new PlaceHold("later", List.of(new Hold.Wanted("CHAIR", 1)), 600));
        service.clock.advance(Duration.ofSeconds(60));

        assertThat(sweeper.sweep()).isEqualTo(150);
        assertThat(sweeper.sweep()).isZero();

        assertThat(service.store.hold("cart-149").orElseThrow().recordedStatus()).isEqualTo(Hold.Status.EXPIRED);
        assertThat(service.store.hold("later").orElseThrow().recordedStatus()).isEqualTo(Hold.Status.ACTIVE);
        assertThat(service.store.product("CHAIR").orElseThrow().batch("b1").orElseThrow().heldQuantity()).isEqualTo(1);
        assertThat(service.publisher.events("allocation.events")).filteredOn(HoldReleased.class::isInstance).hasSize(150);
    }

    @Test
    void finds_nothing_to_do_before_any_hold_has_run_out() {
        service.handle(new CreateBatch("b1", "CHAIR", 10, null));
        service.handle(new PlaceHold("cart-1", List.of(new Hold.Wanted("CHAIR", 1)), 60));
        service.clock.advance(Duration.ofSeconds(59));

        assertThat(sweeper.sweep()).isZero();
        assertThat(service.store.hold("cart-1").orElseThrow().recordedStatus()).isEqualTo(Hold.Status.ACTIVE);
    }
}
