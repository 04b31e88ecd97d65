package com.example.allocation.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.servicelayer.messagebus.Origin;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Email over a real SMTP server (GreenMail). */
class SmtpNotificationsIT {

    @RegisterExtension
    static final GreenMailExtension mailServer = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void an_out_of_stock_email_arrives_from_allocations_to_stock_with_the_sku_in_its_body() throws Exception {
        SmtpNotifications email = new SmtpNotifications(SmtpNotifications.Server.plain("127.0.0.1", mailServer.getSmtp().getPort()));

        email.send("stock@made.com", "Out of stock for POPULAR-CURTAINS", Origin.UNAUTHENTICATED);

        MimeMessage received = mailServer.getReceivedMessages()[0];
        assertThat(received.getFrom()[0].toString()).isEqualTo("allocations@example.com");
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo("stock@made.com");
        assertThat(GreenMailUtil.getBody(received)).contains("Out of stock for POPULAR-CURTAINS");
        assertThat(email.state()).isEqualTo("ok");
    }

    @Test
    void a_mail_server_that_does_not_answer_is_a_failure_the_relay_can_retry() {
        SmtpNotifications email = new SmtpNotifications(SmtpNotifications.Server.plain("127.0.0.1", 1));

        assertThatThrownBy(() -> email.send("stock@made.com", "Out of stock for X", Origin.UNAUTHENTICATED)).isInstanceOf(IllegalStateException.class);
        assertThat(email.state()).startsWith("failing:");
    }

    @Test
    void with_a_user_it_logs_in_and_a_wrong_password_is_a_failure_the_relay_can_retry() throws Exception {
        mailServer.setUser("alerts@example.com", "alerts", "right-password");
        int port = mailServer.getSmtp().getPort();
        SmtpNotifications loggedIn = new SmtpNotifications(new SmtpNotifications.Server("127.0.0.1", port,
                "allocations@example.com", "alerts", "right-password", SmtpNotifications.Security.NONE));
        SmtpNotifications wrongPassword = new SmtpNotifications(new SmtpNotifications.Server("127.0.0.1", port,
                "allocations@example.com", "alerts", "wrong-password", SmtpNotifications.Security.NONE));

        loggedIn.send("stock@made.com", "Out of stock for LAMP", Origin.requestedBy("web-shop").correlatedBy("checkout-77"));

        MimeMessage received = mailServer.getReceivedMessages()[0];
        assertThat(received.getHeader("X-Requested-By")).containsExactly("web-shop");
        assertThat(received.getHeader("X-Correlation-Id")).containsExactly("checkout-77");
        assertThatThrownBy(() -> wrongPassword.send("stock@made.com", "Out of stock for LAMP", Origin.UNAUTHENTICATED))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("wrong-password");
        assertThat(mailServer.getReceivedMessages()).hasSize(1);
    }

    @Test
    void starttls_required_never_falls_back_to_plain_text_on_a_server_that_does_not_offer_it() {
        SmtpNotifications starttls = new SmtpNotifications(new SmtpNotifications.Server("127.0.0.1", mailServer.getSmtp().getPort(),
                "allocations@example.com", null, null, SmtpNotifications.Security.STARTTLS));

        assertThatThrownBy(() -> starttls.send("stock@made.com", "Out of stock for LAMP", Origin.UNAUTHENTICATED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("STARTTLS");
        assertThat(mailServer.getReceivedMessages()).isEmpty();
    }

    @Test
    void who_asked_travels_in_a_header_that_cannot_start_another_header() throws Exception {
        SmtpNotifications email = new SmtpNotifications(SmtpNotifications.Server.plain("127.0.0.1", mailServer.getSmtp().getPort()));

        email.send("stock@made.com", "Out of stock for LAMP", Origin.requestedBy("mallory\r\nBcc: victim@example.com"));
        email.send("stock@made.com", "Out of stock for LAMP", Origin.requestedBy("caf\u00e9-service"));

        MimeMessage injected = mailServer.getReceivedMessages()[0];
        assertThat(injected.getHeader("Bcc")).isNull();
        assertThat(injected.getAllRecipients()).extracting(Object::toString).containsExactly("stock@made.com");
        assertThat(jakarta.mail.internet.MimeUtility.decodeText(mailServer.getReceivedMessages()[1].getHeader("X-Requested-By")[0]))
                .isEqualTo("caf\u00e9-service");
    }

    @Test
    @Timeout(60) // without its deadline, the send would wait as long as the server trickles: for ever
    void a_mail_server_that_trickles_its_answer_costs_a_send_its_deadline_not_more() throws Exception {
        try (ServerSocket trickling = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> trickle(trickling), "trickling-smtp");
            server.setDaemon(true);
            server.start();
            SmtpNotifications email = new SmtpNotifications(SmtpNotifications.Server.plain("127.0.0.1", trickling.getLocalPort()));
            long started = System.nanoTime();

            assertThatThrownBy(() -> email.send("stock@made.com", "Out of stock for X", Origin.UNAUTHENTICATED))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not take the email within 15 s");

            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the send's deadline, however it trickles")
                    .isLessThan(SmtpNotifications.SEND_LIMIT.plusSeconds(10));
            assertThat(email.state()).startsWith("failing:");
        }
    }

    /** Greets with a byte every half second, forever: each read gets something, so no read times out. */
    private static void trickle(ServerSocket listening) {
        try (Socket client = listening.accept(); OutputStream out = client.getOutputStream()) {
            while (true) {
                out.write('2');
                out.flush();
                Thread.sleep(500);
            }
        } catch (IOException | InterruptedException closed) {
            // the service hung up, as it should
        }
    }
}
