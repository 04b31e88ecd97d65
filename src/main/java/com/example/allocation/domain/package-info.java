/**
 * The domain model (book chapters 1 and 7): {@link com.example.allocation.domain.Product}, the aggregate
 * that owns every batch and order line of one SKU, and the rules of allocation.
 *
 * <p>This package imports nothing but {@code java.*}; {@code ArchitectureTest} fails the build otherwise.
 */
package com.example.allocation.domain;
