package com.example.allocation.domain.commands;

import com.example.allocation.domain.Require;

/** Cancel an order line: it is removed, and its stock goes to whoever is waiting. */
public record Deallocate(String orderId, String sku) implements Command {

    public Deallocate {
        Require.identifier("orderid", orderId);
        Require.identifier("sku", sku);
    }
}
