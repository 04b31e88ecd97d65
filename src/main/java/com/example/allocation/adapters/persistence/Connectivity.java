package com.example.allocation.adapters.persistence;

import com.example.allocation.servicelayer.StorageUnavailable;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/** Reads made for a request: a lost connection becomes {@link StorageUnavailable}; any other failure stays as it is. */
final class Connectivity {

    private Connectivity() {
    }

    static <T> T guard(Supplier<T> query) {
        try {
            return query.get();
        } catch (JdbiException e) {
            if (StorageUnavailable.isConnectionLoss(e)) {
                throw new StorageUnavailable(e);
            }
            throw e;
        }
    }
}
