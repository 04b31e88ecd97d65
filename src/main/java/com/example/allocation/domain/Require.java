package com.example.allocation.domain;

/** The checks that value objects and commands make on construction; each failure is an {@link InvalidInput}. */
public final class Require {

    private Require() {
    }

    public static String nonBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(field + " must be a non-empty string");
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
