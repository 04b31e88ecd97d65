package com.example.allocation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
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
        assertThatThrownBy(() -> new Allocate(" ", "LAMP", 1)).hasMessage("orderid must be a non-empty string");
        assertThatThrownBy(() -> new Deallocate("order-1", "")).hasMessage("sku must be a non-empty string");
        assertThatThrownBy(() -> new CreateBatch(null, "LAMP", 1, null)).hasMessage("ref must be a non-empty string");
    }
}
