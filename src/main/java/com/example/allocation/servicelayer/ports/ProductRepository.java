package com.example.allocation.servicelayer.ports;

import com.example.allocation.domain.OrderLine;
import com.example.allocation.domain.Product;
import java.util.Collection;
import java.util.Optional;

/**
 * The collection of all products (book chapter 2). Products it hands out are tracked by the unit of work
 * that owns it, which saves them, version-checked, when it commits.
 */
public interface ProductRepository {

    void add(Product product);

    Optional<Product> get(String sku);

    /** The product that owns the batch: batch references are unique across SKUs. */
    Optional<Product> getByBatchRef(String batchRef);

    /**
     * A hint that commands handled together are about to ask for these lines' products, and whether each line
     * is stored already: a repository that can read many at once does so now, in one round trip for all the
     * products and one for all the lines, rather than one each as they are asked for. What {@link #get} and
     * the products' lines answer is the same with or without it.
     */
    default void prefetch(Collection<OrderLine> lines) {
    }
}
