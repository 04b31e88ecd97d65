package com.example.allocation.adapters.logging;

import com.example.allocation.servicelayer.Origin;
import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.MessagePublisher;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A publisher for a service with no message broker configured: each message is written to the log instead. */
public final class LoggingPublisher implements MessagePublisher {

    private static final Logger log = LoggerFactory.getLogger(LoggingPublisher.class);

    @Override
    public void publish(String channel, Event event, UUID messageId, Origin origin) {
        log.info("Message {} on {}, requested by {} (no broker configured, so logged only): {}",
                messageId, channel, origin.describe(), event);
    }
}
