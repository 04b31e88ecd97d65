package com.example.allocation.adapters.logging;

import com.example.allocation.servicelayer.outbox.ChannelMessage;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import com.example.allocation.servicelayer.ports.MessagePublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A publisher for a service with no message broker configured: each message is written to the log instead. */
public final class LoggingPublisher implements MessagePublisher {

    private static final Logger log = LoggerFactory.getLogger(LoggingPublisher.class);

    @Override
    public void publish(OutboxEntry entry) {
        ChannelMessage publication = (ChannelMessage) entry.message();
        log.info("Message {} on {}, requested by {} in request {} (no broker configured, so logged only): {}",
                entry.messageId(), publication.channel(), entry.origin().describe(), entry.origin().correlationId(),
                publication.event());
    }
}
