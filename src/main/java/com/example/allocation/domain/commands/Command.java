package com.example.allocation.domain.commands;

import com.example.allocation.domain.OrderLine;
import java.util.Optional;

/**
 * Something a caller asks the service to do (book chapter 10). A command has exactly one handler and
 * can fail; the failure goes back to the caller. Commands check their own fields on construction, so a
 * command that exists is well formed.
 */
public sealed interface Command permits CreateBatch, Allocate, ChangeBatchQuantity, Deallocate, PlaceHold, ExtendHold,
        ReleaseHold, ConfirmHold, ExpireHold {

    /** The order line the command places, if it places one: what a batch of commands will read, known ahead. */
    default Optional<OrderLine> orderLine() {
        return Optional.empty();
    }
}
