package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.servicelayer.ports.UnitOfWork;

import com.example.allocation.domain.events.Event;

/** Reacts to one kind of event, inside the transaction of the command that raised it. */
@FunctionalInterface
public interface EventHandler<E extends Event> {

    void handle(E event, UnitOfWork uow);
}
