package com.example.allocation.adapters.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import com.example.allocation.adapters.Environment;
import java.util.Map;
import java.util.Set;

/**
 * Chooses how the log is written from {@code LOG_FORMAT} (or the file {@code LOG_FORMAT_FILE} names, as for every
 * variable), as logback starts and before any of the service's code runs: {@code logback-json.xml} for
 * {@code LOG_FORMAT=json} (one JSON object per line, for a log pipeline), {@code logback-text.xml} otherwise (lines
 * for people, the default). The service's configuration refuses any other value, and a file it cannot read, at
 * start-up (Config), so a typo does not go unnoticed.
 */
public final class LogFormat extends PropertyDefinerBase {

    public static final String VARIABLE = "LOG_FORMAT";
    /** The values {@code LOG_FORMAT} may take. */
    public static final Set<String> FORMATS = Set.of("text", "json");

    @Override
    public String getPropertyValue() {
        return configurationFor(System.getenv());
    }

    /** The logback configuration to include for the process's {@code environment}. */
    static String configurationFor(Map<String, String> environment) {
        String format;
        try {
            format = Environment.read(environment, VARIABLE::equals).text(VARIABLE);
        } catch (IllegalArgumentException refused) {
            // Config refuses it again as the service starts, with the reason, in the default format.
            format = null;
        }
        return "json".equals(format) ? "logback-json.xml" : "logback-text.xml";
    }
}
