package com.example.allocation.adapters.persistence;

import com.example.allocation.servicelayer.StorageUnavailable;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;

/**
 * Database work done for a request: no connection to be had, or one lost on the way, becomes
 * {@link StorageUnavailable}; any other failure stays as it is.
 */
final class Connectivity {

    private Connectivity() {
    }

    static <T> T guard(Supplier<T> query) {
        try {
            return query.get();
        } catch (ConnectionException noConnection) {
            throw new StorageUnavailable(noConnection);
        } catch (JdbiException e) {
            if (StorageUnavailable.isConnectionLoss(e)) {
                throw new StorageUnavailable(e);
            }
            throw e;
        }
    }
}
