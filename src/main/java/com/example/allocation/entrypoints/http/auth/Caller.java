package com.example.allocation.entrypoints.http.auth;

import java.util.Set;

/**
 * Who is calling, as a verified access token says: its subject (or, for a client-credentials token, the
 * client's id) and the scopes it grants.
 */
public record Caller(String subject, Set<String> scopes) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public boolean hasAnyOf(Set<String> needed) {
        return needed.stream().anyMatch(scopes::contains);
    }
}
