package com.example.allocation.domain.events;

import java.time.LocalDate;

/** A batch joined the product's stock: in the warehouse ({@code eta} null) or on its way. */
public record BatchCreated(String batchRef, String sku, int qty, LocalDate eta) implements Event {
}
