package com.example.allocation.domain.commands;

import com.example.allocation.domain.Require;

/** Turn a hold into lines of the order, each allocated to the batch it was held on (rule 14). */
public record ConfirmHold(String holdId, String orderId) implements Command {

    public ConfirmHold {
        Require.identifier("holdid", holdId);
        Require.identifier("orderid", orderId);
    }
}
