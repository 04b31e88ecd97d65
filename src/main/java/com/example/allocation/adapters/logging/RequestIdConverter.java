package com.example.allocation.adapters.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.example.allocation.servicelayer.messagebus.Origin;

/**
 * {@code %requestId} in the text log: {@code " [id]"} while a request or message with an id is handled, nothing
 * otherwise, so that lines written outside any request carry no empty brackets. The id is safe by construction
 * (servicelayer.Origin): letters, digits and a few marks.
 */
public final class RequestIdConverter extends ClassicConverter {

    /** The key the service keeps the id under in the log's context (servicelayer.Origin.LOG_KEY). */
    private static final String KEY = "request_id";

    @Override
    public String convert(ILoggingEvent event) {
        String id = event.getMDCPropertyMap().get(KEY);
        return id == null ? "" : " [" + id + "]";
    }
}
