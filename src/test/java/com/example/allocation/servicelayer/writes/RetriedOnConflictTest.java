package com.example.allocation.servicelayer.writes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.servicelayer.Backoff;
import com.example.allocation.servicelayer.Deadline;
import com.example.allocation.servicelayer.messagebus.Envelope;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.ports.ConcurrencyConflict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A lost race is run again on fresh data, but never once the answer is due. */
class RetriedOnConflictTest {

    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger lockingAttempts = new AtomicInteger();
    private final RetriedOnConflict retried = new RetriedOnConflict(commands -> {
        attempts.incrementAndGet();
        throw ConcurrencyConflict.onProduct("LAMP");
    }, commands -> {
        lockingAttempts.incrementAndGet();
        throw ConcurrencyConflict.onProduct("LAMP");
    }, new Backoff(5, Duration.ofMillis(1), Duration.ofMillis(2)), new SimpleMeterRegistry());

    private static Envelope allocate(Deadline deadline) {
        return new Envelope(new Allocate("o1", "LAMP", 1), Origin.UNAUTHENTICATED, null, deadline);
    }

    @Test
    void a_change_nobody_waits_for_is_tried_as_often_as_the_backoff_allows_locking_what_it_reads_after_the_first_try() {
        assertThatThrownBy(() -> retried.handleTogether(List.of(allocate(Deadline.NONE)))).isInstanceOf(ConcurrencyConflict.class);

        assertThat(attempts).hasValue(1);
        assertThat(lockingAttempts).hasValue(4);
    }

    @Test
    void a_change_whose_deadline_has_passed_is_not_tried_again_and_the_lost_race_is_its_answer() {
        assertThatThrownBy(() -> retried.handleTogether(List.of(allocate(Deadline.NONE), allocate(Deadline.after(Duration.ZERO)))))
                .isInstanceOf(ConcurrencyConflict.class);

        assertThat(attempts).as("the batch's earliest deadline counts").hasValue(1);
        assertThat(lockingAttempts).hasValue(0);
    }
}
