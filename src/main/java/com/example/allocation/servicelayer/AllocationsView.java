package com.example.allocation.servicelayer;

/**
 * The write side of the read model (book chapter 12): which batch each order line is allocated to, kept
 * up to date by event handlers so that queries need not touch the aggregates.
 */
public interface AllocationsView {

    /** Records the line as allocated to the batch, replacing any earlier record of the same line. */
    void add(String orderId, String sku, String batchReference);

    void remove(String orderId, String sku);
}
