package com.example.allocation.adapters.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %safeMessage} in logback.xml: the log message made safe by {@link LogText}, whatever it quotes. It
 * guards every log line, so a value someone forgot to clean before logging still cannot forge a line.
 */
public final class SafeMessageConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogText.safe(event.getFormattedMessage(), LogText.MAX_MESSAGE);
    }
}
