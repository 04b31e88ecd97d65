package com.example.allocation.adapters.email;

import com.example.allocation.servicelayer.Notifications;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/**
 * Notifications by email over SMTP (book chapter 13's EmailNotifications), with Angus Mail. A failure
 * is thrown, not swallowed: the relay keeps the email in the outbox and sends it when the server is back.
 */
public final class SmtpNotifications implements Notifications {

    private final Session session;
    private final String from;
    private volatile String state = "no email sent yet";

    public SmtpNotifications(String host, int port, String from) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "5000");
        properties.put("mail.smtp.writetimeout", "5000");
        this.session = Session.getInstance(properties);
        this.from = from;
    }

    @Override
    public void send(String destination, String message) {
        try {
            MimeMessage email = new MimeMessage(session);
            email.setFrom(new InternetAddress(from));
            email.setRecipients(Message.RecipientType.TO, InternetAddress.parse(destination));
            email.setSubject(message, "UTF-8");
            email.setText(message, "UTF-8");
            Transport.send(email);
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
}
