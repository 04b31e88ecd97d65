package com.example.allocation.domain.commands;

import com.example.allocation.domain.Require;

/** Give a hold's stock back (rule 13). */
public record ReleaseHold(String holdId) implements Command {

    public ReleaseHold {
        Require.identifier("holdid", holdId);
    }
}
