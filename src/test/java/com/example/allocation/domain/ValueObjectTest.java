package com.example.allocation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.domain.refusals.InvalidInput;
import org.junit.jupiter.api.Test;

class ValueObjectTest {

    @Test
    void order_lines_with_the_same_fields_are_equal() {
        assertThat(new OrderLine("order-1", "LAMP", 2)).isEqualTo(new OrderLine("order-1", "LAMP", 2));
    }

    @Test
    void a_quantity_below_one_is_refused_with_a_message_naming_the_field() {
        assertThatThrownBy(() -> new Allocate("order-1", "LAMP", 0))
                .isInstanceOf(InvalidInput.class).hasMessage("qty must be at least 1, got 0");
        assertThatThrownBy(() -> new CreateBatch("batch-1", "LAMP", -5, null)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void a_batch_may_be_emptied_but_not_given_a_negative_quantity() {
        assertThat(new ChangeBatchQuantity("batch-1", 0).qty()).isZero();
        assertThatThrownBy(() -> new ChangeBatchQuantity("batch-1", -1)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void blank_identifiers_are_refused() {
        assertThatThrownBy(() -> new Allocate(" ", "LAMP", 1)).hasMessage("orderid must not be blank");
        assertThatThrownBy(() -> new Deallocate("order-1", "")).hasMessage("sku must not be blank");
        assertThatThrownBy(() -> new CreateBatch(null, "LAMP", 1, null)).hasMessage("ref must not be blank");
    }

    @Test
    void an_identifier_is_text_every_system_keeps_exactly() {
        assertThatThrownBy(() -> new Allocate("victim-\ud800", "LAMP", 1))
                .isInstanceOf(InvalidInput.class).hasMessage("orderid must be well-formed Unicode text; it has a lone surrogate (\\ud800) at position 8");
        assertThatThrownBy(() -> new Deallocate("order-1", "x-\udbff")).hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> new CreateBatch("b\u0000", "LAMP", 1, null))
                .hasMessage("ref must not contain control characters; it has \\u0000 at position 2");
        assertThatThrownBy(() -> new Allocate("order\n1", "LAMP", 1)).hasMessageContaining("control characters");
        assertThatThrownBy(() -> new Allocate("order\u009b1", "LAMP", 1)).hasMessageContaining("control characters");
        assertThatThrownBy(() -> new Allocate("order\u007f", "LAMP", 1)).hasMessageContaining("control characters");
    }

    @Test
    void an_identifier_is_up_to_255_characters_however_many_utf16_units_they_take() {
        String emoji = "\uD83D\uDE00";
        assertThat(new Allocate(emoji.repeat(255), "LAMP", 1).orderId()).hasSize(510);
        assertThatThrownBy(() -> new Allocate(emoji.repeat(256), "LAMP", 1))
                .hasMessage("orderid must be at most 255 characters, got 256");
        assertThatThrownBy(() -> new Allocate("x".repeat(256), "LAMP", 1)).hasMessageContaining("at most 255");
    }

    @Test
    void identifiers_are_compared_exactly_as_given() {
        assertThat(new OrderLine("order-1", "LAMP", 1)).isNotEqualTo(new OrderLine("ORDER-1", "LAMP", 1));
        assertThat(new OrderLine("order-1", "\u00c5", 1)).isNotEqualTo(new OrderLine("order-1", "A\u030a", 1));
        assertThat(new OrderLine(" order-1", "LAMP", 1).orderId()).isEqualTo(" order-1");
    }
}
