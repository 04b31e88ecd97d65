package com.example.allocation.domain.commands;

import com.example.allocation.domain.Require;

/**
 * Record that a hold ran out and free what its products still hold for it (rule 15): what the sweeper sends for each
 * hold past its expiry. For a hold that has not expired it does nothing, so whoever sends it can do no harm.
 */
public record ExpireHold(String holdId) implements Command {

    public ExpireHold {
        Require.identifier("holdid", holdId);
    }
}
