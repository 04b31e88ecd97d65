package com.example.allocation.adapters.logging;

/**
 * Text from outside — request values, message payloads, exception messages that quote them — made safe to
 * write to a log: every character that could break a line or hide one (controls, line and paragraph
 * separators, bidirectional overrides, lone surrogates) is written as a visible escape, so a value cannot
 * forge a log line; and the text is cut to a bounded length, so one message cannot flood the log.
 */
public final class LogText {

    /** The longest log message written whole, in UTF-16 units. */
    public static final int MAX_MESSAGE = 2_000;
    /** The longest exception message written whole. */
    public static final int MAX_EXCEPTION_MESSAGE = 500;

    private LogText() {
    }

    /** The text, escaped, and cut after {@code limit} units with a note of how much was left out. */
    public static String safe(String text, int limit) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), limit) + 16);
        int i = 0;
        for (; i < text.length() && out.length() < limit; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (needsEscape(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (i < text.length()) {
            out.append("… [").append(text.length() - i).append(" more characters]");
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c) || Character.isSurrogate(c)
                || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
