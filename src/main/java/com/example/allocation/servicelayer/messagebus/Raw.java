package com.example.allocation.servicelayer.messagebus;

import java.util.List;
import java.util.Map;

/**
 * A field's value as a channel received it, before any rule of the {@link Commands catalogue} is applied: each
 * channel (a JSON body or message, a CSV cell) says what it got, and the catalogue alone decides what is wrong
 * with it and in which words.
 */
public sealed interface Raw {

    /** Not there at all, JSON {@code null}, or an empty CSV cell. */
    Raw ABSENT = new Absent();

    record Absent() implements Raw {
    }

    /**
     * Text: a JSON string ({@code typed}), or a CSV cell, which has no type of its own and is read as the field
     * needs — a number for a quantity, text for an identifier.
     */
    record Text(String value, boolean typed) implements Raw {
    }

    /** A JSON number, as written (a whole number's digits, or a fraction or exponent as JSON reads it). */
    record Number(String literal) implements Raw {
    }

    /** A JSON array, each item as received: a field that is a list reads them. */
    record Items(List<Raw> items) implements Raw {

        public Items {
            items = List.copyOf(items);
        }
    }

    /** A JSON object, each field as received by its name: a list's item that has fields of its own. */
    record Entries(Map<String, Raw> fields) implements Raw {

        public Entries {
            fields = Map.copyOf(fields);
        }

        public Raw get(String name) {
            return fields.getOrDefault(name, ABSENT);
        }
    }

    /** Anything else — a boolean, say — described in words for the message. */
    record Other(String description) implements Raw {
    }
}
