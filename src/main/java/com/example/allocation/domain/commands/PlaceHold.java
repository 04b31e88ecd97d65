package com.example.allocation.domain.commands;

import com.example.allocation.domain.Hold;
import com.example.allocation.domain.Require;
import java.util.List;

/**
 * Set stock aside for a cart: every line, or none (docs/spec.md §2, rule 11). {@code ttlSeconds} is how long the hold
 * lasts, null for the service's default.
 */
public record PlaceHold(String holdId, List<Hold.Wanted> lines, Integer ttlSeconds) implements Command {

    public PlaceHold {
        Require.identifier("holdid", holdId);
        lines = List.copyOf(lines);
        if (ttlSeconds != null) {
            Require.atLeast("ttl_seconds", ttlSeconds, 1);
        }
    }
}
