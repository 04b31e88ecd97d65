package com.example.allocation.servicelayer.messagebus;

import java.util.List;

/**
 * A command that cannot be read: a field missing, of the wrong type, or out of range. Its message names every
 * problem, in the catalogue's words; each channel refuses it in its own way (a 400, a dead letter, a skipped
 * message, a CSV file named by line) and nothing is changed.
 */
public final class MalformedCommand extends IllegalArgumentException {

    private final List<String> problems;

    public MalformedCommand(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
