package com.example.allocation.domain.commands;

import com.example.allocation.domain.Require;

/** Set a batch's purchased quantity, e.g. when a shipment arrives short. Zero empties the batch. */
public record ChangeBatchQuantity(String reference, int qty) implements Command {

    public ChangeBatchQuantity {
        Require.identifier("ref", reference);
        Require.atLeast("qty", qty, 0);
    }
}
