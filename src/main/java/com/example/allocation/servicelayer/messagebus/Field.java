package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.domain.Hold;
import com.example.allocation.domain.Require;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One field of a command as every channel reads it: its name, and the rule that turns a {@link Raw} value into
 * a Java value or into a problem, in the same words whichever channel it came by (docs/spec.md §3).
 *
 * @param name the field's name in HTTP bodies, Kafka records and CSV headers
 * @param redisName its name on the book's Redis channels, where that differs ({@code batchref} for {@code ref})
 */
public record Field<T>(String name, String redisName, Rule<T> rule) {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]+");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final int SHOWN_LENGTH = 40;

    /** Reads a value; on a problem it adds the problem's words and returns anything (the command is not made). */
    @FunctionalInterface
    public interface Rule<T> {
        T read(String field, Raw raw, List<String> problems);
    }

    /** A required identifier, as the domain defines one ({@link Require#identifierProblem}). */
    public static Field<String> identifier(String name) {
        return new Field<>(name, name, Field::identifier);
    }

    /** An identifier that may be left out; absent means none. */
    public static Field<String> optionalIdentifier(String name) {
        return new Field<>(name, name, (field, raw, problems) -> raw instanceof Raw.Absent ? null : identifier(field, raw, problems));
    }

    /** A required whole number from {@code min} to 2,147,483,647. */
    public static Field<Integer> quantity(String name, int min) {
        return quantity(name, min, Integer.MAX_VALUE);
    }

    /** A required whole number from {@code min} to {@code max}. */
    public static Field<Integer> quantity(String name, int min, int max) {
        return new Field<>(name, name, (field, raw, problems) -> quantity(field, raw, min, max, problems));
    }

    /** A whole number from {@code min} to {@code max} that may be left out; absent means none. */
    public static Field<Integer> optionalQuantity(String name, int min, int max) {
        return new Field<>(name, name, (field, raw, problems) -> raw instanceof Raw.Absent ? null : quantity(field, raw, min, max, problems));
    }

    /**
     * The lines of a hold: an array of 1 to {@link Hold#MAX_LINES} objects, each a {@code sku} and a {@code qty} of at
     * least 1, no SKU twice. Each item's problems are named by where it is: {@code lines[2].qty}.
     */
    public static Field<List<Hold.Wanted>> holdLines(String name) {
        return new Field<>(name, name, Field::holdLines);
    }

    /** An optional date written YYYY-MM-DD; absent means none. */
    public static Field<LocalDate> optionalDate(String name) {
        return new Field<>(name, name, Field::optionalDate);
    }

    /** The same field, called {@code redisName} on the Redis channels. */
    public Field<T> onRedisCalled(String redisName) {
        return new Field<>(name, redisName, rule);
    }

    /** Reads a value under the field's own name; on a problem it adds the problem's words and returns anything. */
    public T read(Raw raw, List<String> problems) {
        return read(name, raw, problems);
    }

    T read(String wireName, Raw raw, List<String> problems) {
        return rule.read(wireName, raw, problems);
    }

    private static String identifier(String field, Raw raw, List<String> problems) {
        if (raw instanceof Raw.Absent) {
            problems.add(field + " is required");
        } else if (raw instanceof Raw.Text text) {
            Optional<String> problem = Require.identifierProblem(field, text.value());
            problem.ifPresent(problems::add);
            return problem.isEmpty() ? text.value() : null;
        } else {
            problems.add(field + " must be a string, not " + describe(raw));
        }
        return null;
    }

    private static List<Hold.Wanted> holdLines(String field, Raw raw, List<String> problems) {
        if (raw instanceof Raw.Absent) {
            problems.add(field + " is required");
            return List.of();
        }
        if (!(raw instanceof Raw.Items array)) {
            problems.add(field + " must be an array of {sku, qty}, not " + describe(raw));
            return List.of();
        }
        if (array.items().isEmpty() || array.items().size() > Hold.MAX_LINES) {
            problems.add(field + " must hold 1 to " + Hold.MAX_LINES + " lines, got " + array.items().size());
            return List.of();
        }
        List<Hold.Wanted> lines = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        int before = problems.size();
        for (int i = 0; i < array.items().size(); i++) {
            String at = field + "[" + i + "]";
            if (!(array.items().get(i) instanceof Raw.Entries item)) {
                problems.add(at + " must be an object {sku, qty}, not " + describe(array.items().get(i)));
                continue;
            }
            String sku = identifier(at + ".sku", item.get("sku"), problems);
            Integer qty = quantity(at + ".qty", item.get("qty"), 1, Integer.MAX_VALUE, problems);
            if (sku != null && !skus.add(sku)) {
                problems.add(field + " has more than one line for sku " + shown(sku));
            }
            if (problems.size() == before) {
                lines.add(new Hold.Wanted(sku, qty));
            }
        }
        return lines;
    }

    private static Integer quantity(String field, Raw raw, int min, int max, List<String> problems) {
        String digits = null;
        if (raw instanceof Raw.Number number) {
            digits = number.literal();
        } else if (raw instanceof Raw.Text text && !text.typed()) {
            digits = text.value().strip();
        }
        if (raw instanceof Raw.Absent) {
            problems.add(field + " is required");
        } else if (digits == null || !WHOLE_NUMBER.matcher(digits).matches()) {
            problems.add(field + " must be a whole number, not " + describe(raw));
        } else {
            BigInteger value = new BigInteger(digits);
            if (value.compareTo(BigInteger.valueOf(min)) >= 0 && value.compareTo(BigInteger.valueOf(max)) <= 0) {
                return value.intValue();
            }
            problems.add(field + " must be from " + min + " to " + max + ", got " + shown(digits));
        }
        return min;
    }

    private static LocalDate optionalDate(String field, Raw raw, List<String> problems) {
        if (raw instanceof Raw.Absent) {
            return null;
        }
        if (!(raw instanceof Raw.Text text) || !DATE.matcher(text.value()).matches()) {
            problems.add(field + " must be a date written YYYY-MM-DD, or null, not " + describe(raw));
            return null;
        }
        try {
            return LocalDate.parse(text.value());
        } catch (DateTimeParseException e) {
            problems.add(field + " \"" + text.value() + "\" is not a real calendar date");
            return null;
        }
    }

    /**
     * A value in words, shortened: a CSV cell that reads as a number is described as one, so that the same
     * mistake gets the same words from every channel.
     */
    private static String describe(Raw raw) {
        if (raw instanceof Raw.Number number) {
            return "the number " + shown(number.literal());
        }
        if (raw instanceof Raw.Text text) {
            boolean number = !text.typed() && text.value().strip().matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
            return number ? "the number " + shown(text.value().strip()) : "the string \"" + shown(text.value()) + "\"";
        }
        if (raw instanceof Raw.Items) {
            return "an array";
        }
        if (raw instanceof Raw.Entries) {
            return "an object";
        }
        return raw instanceof Raw.Other other ? other.description() : "nothing";
    }

    /** At most 40 characters of what was sent, with control characters and lone surrogates escaped as \\uXXXX. */
    private static String shown(String text) {
        StringBuilder shown = new StringBuilder();
        int characters = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            if (++characters > SHOWN_LENGTH) {
                return shown.append('…').toString();
            }
            int c = text.codePointAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        }
        return shown.toString();
    }
}
