package com.example.allocation.domain.commands;

import com.example.allocation.domain.Require;
import java.time.LocalDate;

/** Record a new batch of stock; {@code eta} is null for stock already in the warehouse. */
public record CreateBatch(String batchRef, String sku, int qty, LocalDate eta) implements Command {

    public CreateBatch {
        Require.identifier("ref", batchRef);
        Require.identifier("sku", sku);
        Require.atLeast("qty", qty, 1);
    }
}
