package com.example.allocation.adapters.logging;

import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.outbox.Notification;
import com.example.allocation.servicelayer.ports.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Notifier for a service with no mail server configured: each one is written to the log instead. */
public final class LoggingNotifications implements Notifier {

    private static final Logger log = LoggerFactory.getLogger(LoggingNotifications.class);

    @Override
    public void send(String destination, String message, Origin origin) {
        log.info("Notification for {}, requested by {} in request {} (no SMTP server configured, so logged only): {}",
                destination, origin.describe(), origin.correlationId(), message);
    }
}
