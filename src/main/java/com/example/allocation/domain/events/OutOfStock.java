package com.example.allocation.domain.events;

/** A line of this SKU could not be allocated: someone should buy more (rule 6). */
public record OutOfStock(String sku) implements Event {
}
