package com.example.allocation.servicelayer.ports;

/** Starts a fresh {@link UnitOfWork}; the bus asks for one per command, so threads never share one. */
@FunctionalInterface
public interface UnitOfWorkFactory {

    UnitOfWork start();
}
