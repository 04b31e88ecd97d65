package com.example.allocation.adapters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The variables the service is configured by, as it reads them: each {@code <VARIABLE>_FILE} replaced by the
 * file's content (the container-secrets convention), a final line break dropped. A value from a file is never
 * repeated in an error: only the file's name is.
 */
public final class Environment {

    private static final String FILE = "_FILE";

    private final Map<String, String> values;
    private final Set<String> fromFiles;

    private Environment(Map<String, String> values, Set<String> fromFiles) {
        this.values = values;
        this.fromFiles = fromFiles;
    }

    /**
     * @param variables the process's environment
     * @param readable which variables may come from a file; others ending in {@code _FILE} (such as
     *     {@code AUTH_PUBLIC_KEY_FILE}) are variables of their own, taken as they are
     * @throws IllegalArgumentException when a variable is set both ways, or its file cannot be read
     */
    public static Environment read(Map<String, String> variables, Predicate<String> readable) {
        Map<String, String> values = new HashMap<>(variables);
        Set<String> fromFiles = new HashSet<>();
        for (String fileVariable : variables.keySet()) {
            String name = fileVariable.endsWith(FILE) ? fileVariable.substring(0, fileVariable.length() - FILE.length()) : null;
            String file = text(variables, fileVariable);
            if (name == null || !readable.test(name) || file == null) {
                continue;
            }
            if (text(variables, name) != null) {
                throw new IllegalArgumentException("Both " + name + " and " + fileVariable + " are set: set one");
            }
            try {
                String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                values.put(name, content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                        : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content);
                fromFiles.add(name);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(fileVariable + " names a file that cannot be read: " + file
                        + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return new Environment(values, fromFiles);
    }

    /** Every variable, with those from files. */
    public Map<String, String> values() {
        return values;
    }

    /** The value as given, or null. */
    public String get(String name) {
        return values.get(name);
    }

    /** The value trimmed, or null when it is unset or blank. */
    public String text(String name) {
        return text(values, name);
    }

    /** The value as given, or {@code defaultValue} when it is unset. */
    public String getOrDefault(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /** @throws IllegalArgumentException naming the variable and the range, when it is not a whole number in it */
    public int integer(String name, int defaultValue, int min, int max) {
        String value = text(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, with what would have been right
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got " + quoted(name));
    }

    /** The value as an error message may quote it. */
    public String quoted(String name) {
        return fromFiles.contains(name) ? "the content of " + name + FILE : "'" + values.get(name) + "'";
    }

    private static String text(Map<String, String> variables, String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
