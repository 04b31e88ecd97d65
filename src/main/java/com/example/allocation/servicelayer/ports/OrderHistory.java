package com.example.allocation.servicelayer.ports;

import com.example.allocation.servicelayer.messagebus.Origin;

/**
 * What happened to each order line, for the people who ask why an order moved (port): facts recorded by event
 * handlers in the transaction of the change that caused them, so the history can never disagree with the
 * allocation; never changed afterwards. The unit of work stamps each fact with when it happened and, from its
 * {@link Origin}, why (the command, in words) and in which request.
 */
public interface OrderHistory {

    /**
     * @param type the domain event's name: {@code Allocated}, {@code Deallocated}, {@code Backordered} or {@code LineCancelled}
     * @param batchRef the batch concerned, or null (a backorder, or a cancelled line that had none)
     */
    void record(String orderId, String sku, int qty, String type, String batchRef);
}
