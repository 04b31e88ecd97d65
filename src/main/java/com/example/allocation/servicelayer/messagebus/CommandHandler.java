package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.domain.commands.Command;
import com.example.allocation.servicelayer.ports.UnitOfWork;

/** Carries out one kind of command in the unit of work the bus gives it; the bus commits. */
@FunctionalInterface
public interface CommandHandler<C extends Command> {

    void handle(C command, UnitOfWork uow);
}
