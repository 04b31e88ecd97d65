package com.example.allocation.servicelayer;

import com.example.allocation.domain.Product;
import java.util.Optional;

/**
 * The collection of all products (book chapter 2). Products it hands out are tracked by the unit of work
 * that owns it, which saves them, version-checked, when it commits.
 */
public interface ProductRepository {

    void add(Product product);

    Optional<Product> get(String sku);

    /** The product that owns the batch: batch references are unique across SKUs. */
    Optional<Product> getByBatchReference(String batchReference);
}
