package com.example.allocation.adapters.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Set;

/**
 * Chooses how the log is written from {@code LOG_FORMAT}, as logback starts and before any of the service's code
 * runs: {@code logback-json.xml} for {@code LOG_FORMAT=json} (one JSON object per line, for a log pipeline),
 * {@code logback-text.xml} otherwise (lines for people, the default). The service's configuration refuses any other
 * value at start-up (Config), so a typo does not go unnoticed.
 */
public final class LogFormat extends PropertyDefinerBase {

    /** The values {@code LOG_FORMAT} may take. */
    public static final Set<String> FORMATS = Set.of("text", "json");

    @Override
    public String getPropertyValue() {
        String format = System.getenv("LOG_FORMAT");
        return format != null && format.trim().equals("json") ? "logback-json.xml" : "logback-text.xml";
    }
}
