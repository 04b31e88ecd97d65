package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.ports.UnitOfWork;

/** Reacts to one kind of event, inside the transaction of the command that raised it. */
@FunctionalInterface
public interface EventHandler<E extends Event> {

    void handle(E event, UnitOfWork uow);
}
