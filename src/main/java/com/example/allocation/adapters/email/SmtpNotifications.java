package com.example.allocation.adapters.email;

import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.ports.Notifier;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * Notifier by email over SMTP (book chapter 13's EmailNotifications), with Angus Mail. A failure
 * is thrown, not swallowed: the relay keeps the email in the outbox and sends it when the server is back.
 *
 * <p>With a user, it logs in (SMTP AUTH); with {@link Security#STARTTLS} or {@link Security#TLS} it talks
 * to the server only over TLS, checks the server's certificate against the JVM's trust store and its name
 * against the host, and never falls back to plain text. Who asked for the change travels in an
 * {@code X-Requested-By} header.
 */
public final class SmtpNotifications implements Notifier {

    /** How the connection to the mail server is protected. */
    public enum Security {
        /** Plain SMTP: for a relay on the same host or a trusted network only. */
        NONE,
        /** Plain at first, then upgraded with STARTTLS, which the server must offer (port 587). */
        STARTTLS,
        /** TLS from the first byte (implicit TLS, port 465). */
        TLS;

        public static Security parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "none", "off" -> NONE;
                case "starttls" -> STARTTLS;
                case "tls", "ssl" -> TLS;
                default -> throw new IllegalArgumentException("SMTP_TLS must be none, starttls or tls, got '" + text + "'");
            };
        }
    }

    /**
     * A mail server, and how to reach it.
     *
     * @param user who to log in as, or null to send without logging in
     * @param password the user's password; never printed
     */
    public record Server(String host, int port, String from, String user, String password, Security security) {

        public static final String DEFAULT_FROM = "allocations@example.com";

        public static Server plain(String host, int port) {
            return new Server(host, port, DEFAULT_FROM, null, null, Security.NONE);
        }

        /** Where it is and how it is reached, for a log line: the password is left out. */
        @Override
        public String toString() {
            return host + ":" + port + (user == null ? "" : " as " + user) + ", " + security.name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String TIMEOUT_MILLIS = "5000";
    /** The longest one email may take as a whole, connecting, logging in and sending, however the server trickles. */
    static final Duration SEND_LIMIT = Duration.ofSeconds(15);

    private final Server server;
    private final String protocol;
    private final Session session;
    private final SendDeadline deadline = new SendDeadline(SEND_LIMIT);
    private volatile String state = "no email sent yet";

    public SmtpNotifications(Server server) {
        this.server = server;
        this.protocol = server.security() == Security.TLS ? "smtps" : "smtp";
        String prefix = "mail." + protocol + ".";
        Properties properties = new Properties();
        properties.put(prefix + "host", server.host());
        properties.put(prefix + "port", String.valueOf(server.port()));
        properties.put(prefix + "connectiontimeout", TIMEOUT_MILLIS);
        properties.put(prefix + "timeout", TIMEOUT_MILLIS);
        properties.put(prefix + "writetimeout", TIMEOUT_MILLIS);
        properties.put(prefix + "socketFactory", deadline);
        properties.put(prefix + "auth", String.valueOf(server.user() != null));
        if (server.security() == Security.STARTTLS) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", "true");
        }
        if (server.security() != Security.NONE) {
            properties.put(prefix + "ssl.checkserveridentity", "true");
        }
        this.session = Session.getInstance(properties);
    }

    @Override
    public void send(String destination, String message, Origin origin) {
        try {
            MimeMessage email = new MimeMessage(session);
            email.setFrom(new InternetAddress(server.from()));
            email.setRecipients(Message.RecipientType.TO, InternetAddress.parse(destination));
            email.setSubject(message, "UTF-8");
            email.setText(message, "UTF-8");
            if (origin.requestedBy() != null) {
                email.setHeader("X-Requested-By", headerValue(origin.requestedBy()));
            }
            if (origin.correlationId() != null) {
                email.setHeader("X-Correlation-Id", origin.correlationId()); // safe characters only, by construction
            }
            email.saveChanges();
            // The transport named explicitly: Transport.send would pick plain "smtp" for any address, even with TLS configured.
            deadline.run(() -> {
                try (Transport transport = session.getTransport(protocol)) {
                    transport.connect(server.host(), server.port(), server.user(), server.password());
                    transport.sendMessage(email, email.getAllRecipients());
                }
            });
            state = "ok";
        } catch (MessagingException e) {
            state = "failing: " + e.getMessage();
            throw new IllegalStateException("Could not send email to " + destination + ": " + e.getMessage(), e);
        }
    }

    /** How the last attempt went: "ok", "failing: …", or that none was made yet. */
    public String state() {
        return state;
    }

    /** A header value that cannot start another header: no line breaks, and anything beyond ASCII encoded. */
    private static String headerValue(String text) {
        try {
            return MimeUtility.encodeText(text.replaceAll("\\p{Cntrl}", "?"), "UTF-8", null);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }
}
