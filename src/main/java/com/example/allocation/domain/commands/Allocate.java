package com.example.allocation.domain.commands;

import com.example.allocation.domain.OrderLine;
import java.util.Objects;
import java.util.Optional;

/** Allocate an order line to a batch, or backorder it if no batch can take it. The line checks its own fields. */
public record Allocate(OrderLine line) implements Command {

    public Allocate {
        Objects.requireNonNull(line, "line");
    }

    public Allocate(String orderId, String sku, int qty) {
        this(new OrderLine(orderId, sku, qty));
    }

    public String orderId() {
        return line.orderId();
    }

    public String sku() {
        return line.sku();
    }

    public int qty() {
        return line.qty();
    }

    @Override
    public Optional<OrderLine> orderLine() {
        return Optional.of(line);
    }
}
