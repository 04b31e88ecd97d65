package com.example.allocation.domain.commands;

import com.example.allocation.domain.Require;

/** Set a batch's purchased quantity, e.g. when a shipment arrives short. Zero empties the batch. */
public record ChangeBatchQuantity(String batchRef, int qty) implements Command {

    public ChangeBatchQuantity {
        Require.identifier("ref", batchRef);
        Require.atLeast("qty", qty, 0);
    }
}
