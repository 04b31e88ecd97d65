package com.example.allocation.entrypoints.http.auth;

import com.example.allocation.domain.Require;
import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is calling, as a verified access token says: its subject (or, for a client-credentials token, the
 * client's id) and the scopes it grants.
 */
public record Caller(String subject, Set<String> scopes) {

    /**
     * Characters that pass as printable yet would let a subject rewrite what is shown around it, wherever
     * {@code requested_by} goes: the line and paragraph separators (U+2028, U+2029), which JavaScript and many
     * log viewers take for line breaks, and the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
     * U+2066–U+2069), which reorder the text after them.
     */
    private static final String FORBIDDEN_IN_SUBJECTS = "\u2028\u2029\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
            + "\u2066\u2067\u2068\u2069";

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /**
     * The caller that a verified token's claims name.
     *
     * @throws AccessTokens.InvalidToken if they name no subject, or one that is not 1 to 255 printable characters
     */
    static Caller of(JWTClaimsSet claims) {
        return new Caller(subject(claims), scopes(claims));
    }

    public boolean hasAnyOf(Set<String> needed) {
        return needed.stream().anyMatch(scopes::contains);
    }

    /** The {@code sub} claim, else {@code client_id}, else {@code azp}: whichever comes first is the subject. */
    private static String subject(JWTClaimsSet claims) {
        String subject = null;
        try {
            for (String name : List.of("sub", "client_id", "azp")) {
                subject = subject != null ? subject : claims.getStringClaim(name);
            }
        } catch (ParseException e) {
            throw new AccessTokens.InvalidToken("The bearer token's subject is not a string");
        }
        if (subject == null) {
            throw new AccessTokens.InvalidToken("The bearer token names no subject (sub, client_id or azp)");
        }
        if (Require.identifierProblem("subject", subject).isPresent()
                || subject.chars().anyMatch(c -> FORBIDDEN_IN_SUBJECTS.indexOf(c) >= 0)) {
            throw new AccessTokens.InvalidToken("The bearer token's subject is not 1 to 255 printable characters");
        }
        return subject;
    }

    /** The {@code scope} claim, space-separated, or the {@code scp} claim, an array or a string. */
    private static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String name : List.of("scope", "scp")) {
            Object value = claims.getClaim(name);
            if (value instanceof String text) {
                scopes.addAll(Arrays.asList(text.trim().split("\\s+")));
            } else if (value instanceof List<?> list) {
                list.forEach(item -> scopes.add(String.valueOf(item)));
            }
        }
        scopes.remove("");
        return scopes;
    }
}
