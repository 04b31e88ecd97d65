package com.example.allocation.domain.commands;

import com.example.allocation.domain.OrderLine;
import com.example.allocation.domain.Require;
import java.util.Optional;

/** Allocate an order line to a batch, or backorder it if no batch can take it. */
public record Allocate(String orderId, String sku, int qty) implements Command {

    public Allocate {
        Require.identifier("orderid", orderId);
        Require.identifier("sku", sku);
        Require.atLeast("qty", qty, 1);
    }

    public OrderLine line() {
        return new OrderLine(orderId, sku, qty);
    }

    @Override
    public Optional<OrderLine> orderLine() {
        return Optional.of(line());
    }
}
