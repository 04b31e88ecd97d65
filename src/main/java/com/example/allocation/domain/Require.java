package com.example.allocation.domain;

import com.example.allocation.domain.refusals.InvalidInput;
import java.util.Optional;

/** The checks that value objects and commands make on construction; each failure is an {@link InvalidInput}. */
public final class Require {

    /** The longest identifier, in characters (Unicode code points, not UTF-16 units). */
    public static final int MAX_IDENTIFIER_LENGTH = 255;

    private Require() {
    }

    /**
     * An identifier — SKU, batch reference, order id — is text that every system it passes through keeps
     * exactly: well-formed Unicode (no lone UTF-16 surrogate, which a database would store as something
     * else), no control characters (C0, DEL, C1: no NUL, no line breaks), not blank, and at most
     * {@value #MAX_IDENTIFIER_LENGTH} characters. Identifiers are compared exactly as given: no case
     * folding, trimming or Unicode normalization.
     *
     * @return what is wrong with the value, for an edge that reports every problem at once; empty if nothing
     */
    public static Optional<String> identifierProblem(String field, String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(field + " must not be blank");
        }
        int characters = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(field + " must be well-formed Unicode text; it has a lone surrogate (\\u"
                        + Integer.toHexString(c) + ") at position " + (characters + 1));
            } else if (Character.isISOControl(c)) {
                return Optional.of(field + " must not contain control characters; it has \\u"
                        + String.format("%04x", (int) c) + " at position " + (characters + 1));
            }
            characters++;
        }
        if (characters > MAX_IDENTIFIER_LENGTH) {
            return Optional.of(field + " must be at most " + MAX_IDENTIFIER_LENGTH + " characters, got " + characters);
        }
        return Optional.empty();
    }

    /** @throws InvalidInput if the value is not an identifier, as {@link #identifierProblem} defines it */
    public static String identifier(String field, String value) {
        Optional<String> problem = identifierProblem(field, value);
        if (problem.isPresent()) {
            throw new InvalidInput(problem.get());
        }
        return value;
    }

    public static int atLeast(String field, int value, int minimum) {
        if (value < minimum) {
            throw new InvalidInput(field + " must be at least " + minimum + ", got " + value);
        }
        return value;
    }
}
