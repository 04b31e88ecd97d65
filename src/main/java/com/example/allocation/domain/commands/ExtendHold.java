package com.example.allocation.domain.commands;

import com.example.allocation.domain.Require;

/** Make an active hold last {@code ttlSeconds} from now (rule 12). */
public record ExtendHold(String holdId, int ttlSeconds) implements Command {

    public ExtendHold {
        Require.identifier("holdid", holdId);
        Require.atLeast("ttl_seconds", ttlSeconds, 1);
    }
}
