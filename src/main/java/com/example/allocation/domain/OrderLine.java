package com.example.allocation.domain;

/**
 * A customer's request for a quantity of one SKU (value object). Identified, within its product, by
 * its order id: an order has at most one line per SKU.
 */
public record OrderLine(String orderId, String sku, int qty) {

    public OrderLine {
        Require.identifier("orderid", orderId);
        Require.identifier("sku", sku);
        Require.atLeast("qty", qty, 1);
    }
}
