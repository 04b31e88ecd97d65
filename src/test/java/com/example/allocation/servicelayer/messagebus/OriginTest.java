package com.example.allocation.servicelayer.messagebus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A correlation id travels into logs, headers and other systems' messages: only safe ones are kept as sent. */
class OriginTest {

    @ParameterizedTest
    @ValueSource(strings = {"req-42", "order-service:req-42", "3f2b8c1e-4a7d-4e52-9a51-0c6d2b8e9f10", "a.b_c+d=e/f@g"})
    void an_id_of_letters_digits_and_a_few_marks_is_kept_as_sent(String id) {
        assertThat(Origin.acceptableCorrelationId(id)).contains(id);
        assertThat(Origin.UNAUTHENTICATED.correlatedBy(id).correlationId()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "two words", "line\r\nbreak", "nul\u0000", "bell\u0007", "caf\u00e9", "\ud83d\ude00",
            "lone\ud800surrogate", "quote\"", "<script>", "tab\t"})
    void an_id_with_anything_else_is_not_kept(String id) {
        assertThat(Origin.acceptableCorrelationId(id)).isEmpty();
        assertThatThrownBy(() -> Origin.UNAUTHENTICATED.correlatedBy(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_id_may_be_128_characters_long_and_no_longer() {
        assertThat(Origin.acceptableCorrelationId("x".repeat(128))).isPresent();
        assertThat(Origin.acceptableCorrelationId("x".repeat(129))).isEmpty();
        assertThat(Origin.acceptableCorrelationId(null)).isEmpty();
    }

    @Test
    void a_new_id_is_one_that_would_be_kept() {
        assertThat(Origin.acceptableCorrelationId(Origin.newCorrelationId())).isPresent();
        assertThat(Origin.newCorrelationId()).isNotEqualTo(Origin.newCorrelationId());
    }
}
