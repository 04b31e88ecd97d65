package com.example.allocation.e2e;

import static com.example.allocation.e2e.RunningServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Eventually;
import com.example.allocation.TestCertificate;
import com.example.allocation.TestDatabases;
import com.example.allocation.TestIssuer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.nimbusds.jose.jwk.RSAKey;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Email as production sends it: over implicit TLS to a server whose certificate the JVM trusts, logging in
 * with a password read from a secret file; the email names who caused it; the password is never logged.
 */
class EmailSecurityIT {

    private static final String PASSWORD = "smtp-pa55word-from-a-file";

    @Test
    void an_out_of_stock_email_goes_over_tls_with_a_login_and_names_the_caller_who_caused_it() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "email-tls-").toAbsolutePath();
        TestCertificate certificate = TestCertificate.create(dir);
        System.setProperty("greenmail.tls.keystore.file", certificate.keyStore().toString());
        System.setProperty("greenmail.tls.keystore.password", certificate.password());
        System.setProperty("greenmail.tls.key.password", certificate.password());
        GreenMail mailServer = new GreenMail(ServerSetupTest.SMTPS.dynamicPort());
        mailServer.start();
        mailServer.setUser("alerts@example.com", "alerts", PASSWORD);
        RSAKey key = TestIssuer.newRsaKey();
        Path keyFile = TestIssuer.writePublicKeyPem(key, dir.resolve("issuer.pem"));
        Path passwordFile = Files.writeString(dir.resolve("smtp-password"), PASSWORD + "\n");
        String sku = unique("RARE-VASE");
        RunningJar service = RunningJar.start(dir, TestDatabases.freshUrl(TestDatabases.Kind.H2), Map.of(
                        "AUTH_PUBLIC_KEY_FILE", keyFile.toString(), "AUTH_ISSUER", TestIssuer.ISSUER, "AUTH_AUDIENCE", TestIssuer.AUDIENCE,
                        "SMTP_HOST", "127.0.0.1", "SMTP_PORT", String.valueOf(mailServer.getSmtps().getPort()), "SMTP_TLS", "tls",
                        "SMTP_USER", "alerts", "SMTP_PASSWORD_FILE", passwordFile.toString()),
                List.of("-Djavax.net.ssl.trustStore=" + certificate.trustStore(),
                        "-Djavax.net.ssl.trustStorePassword=" + certificate.password()));
        try {
            ApiClient webShop = service.api().withToken(TestIssuer.sign(key, TestIssuer.claims("web-shop", "allocation:orders").build()));
            ApiClient warehouse = service.api().withToken(TestIssuer.sign(key, TestIssuer.claims("warehouse", "allocation:stock").build()));
            warehouse.addBatch("b1", sku, 1, null);

            assertThat(webShop.allocate("o1", sku, 5).status()).isEqualTo(202);

            Eventually.await("the out-of-stock email", () -> mailServer.getReceivedMessages().length == 1);
            MimeMessage email = mailServer.getReceivedMessages()[0];
            assertThat(email.getSubject()).isEqualTo("Out of stock for " + sku);
            assertThat(email.getHeader("X-Requested-By")).containsExactly("web-shop");
            assertThat(service.log()).contains("SMTP 127.0.0.1:" + mailServer.getSmtps().getPort() + " as alerts, tls")
                    .doesNotContain(PASSWORD);
        } finally {
            service.process().destroy();
            service.process().waitFor(30, TimeUnit.SECONDS);
            mailServer.stop();
        }
    }
}
