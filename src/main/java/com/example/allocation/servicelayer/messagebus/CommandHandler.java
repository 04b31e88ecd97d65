package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.domain.commands.Command;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.time.Instant;

/**
 * Carries out one kind of command in the unit of work the bus gives it; the bus commits. {@code now} is the bus's
 * clock read once for the command: the domain never reads a clock of its own, so tests set the time.
 */
@FunctionalInterface
public interface CommandHandler<C extends Command> {

    void handle(C command, UnitOfWork uow, Instant now);
}
