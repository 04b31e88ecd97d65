package com.example.allocation.servicelayer.writes;

/**
 * A change that could not be made within the time a write may take (see {@link GroupCommit}): too many
 * changes were already waiting, or its turn did not come in time. It was not made, and will not be.
 */
public final class ServiceBusy extends RuntimeException {

    public ServiceBusy(String reason) {
        super(reason + "; nothing was changed, try again shortly", null, false, false);
    }
}
