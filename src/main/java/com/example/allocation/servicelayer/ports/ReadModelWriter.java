package com.example.allocation.servicelayer.ports;

/**
 * The write side of the read model (book chapter 12): event handlers record through it which batch each
 * order line is allocated to, in the command's transaction, so that queries need not load the aggregates.
 * The read side is {@code views.Views}.
 */
public interface ReadModelWriter {

    /** Records the line as allocated to the batch, replacing any earlier record of the same line. */
    void add(String orderId, String sku, String batchRef);

    void remove(String orderId, String sku);
}
