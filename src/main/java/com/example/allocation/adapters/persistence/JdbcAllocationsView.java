package com.example.allocation.adapters.persistence;

import com.example.allocation.servicelayer.AllocationsView;
import org.jdbi.v3.core.Handle;

/** The {@code allocations_view} table, written in the transaction of the change it reflects. */
final class JdbcAllocationsView implements AllocationsView {

    private final Handle handle;

    JdbcAllocationsView(Handle handle) {
        this.handle = handle;
    }

    @Override
    public void add(String orderId, String sku, String batchReference) {
        int updated = handle.createUpdate("UPDATE allocations_view SET batchref = :batchref WHERE orderid = :orderid AND sku = :sku")
                .bind("orderid", orderId).bind("sku", sku).bind("batchref", batchReference)
                .execute();
        if (updated == 0) {
            handle.createUpdate("INSERT INTO allocations_view (orderid, sku, batchref) VALUES (:orderid, :sku, :batchref)")
                    .bind("orderid", orderId).bind("sku", sku).bind("batchref", batchReference)
                    .execute();
        }
    }

    @Override
    public void remove(String orderId, String sku) {
        handle.createUpdate("DELETE FROM allocations_view WHERE orderid = :orderid AND sku = :sku")
                .bind("orderid", orderId).bind("sku", sku)
                .execute();
    }
}
