package com.example.allocation.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.servicelayer.Origin;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
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
}
