package com.example.allocation.domain.events;

/** A batch's purchased quantity was set to {@code qty}; lines it can no longer hold follow as events of their own. */
public record BatchQuantityChanged(String batchRef, String sku, int qty) implements Event {
}
