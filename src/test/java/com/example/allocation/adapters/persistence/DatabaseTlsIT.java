package com.example.allocation.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.TestCertificate;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL server as production runs it: the service's role has a password and may connect over TLS
 * only. Credentials and TLS settings travel in {@code DATABASE_URL}, as pgjdbc's own parameters.
 */
class DatabaseTlsIT {

    private static final String PASSWORD = "pg-pa55word-never-logged";
    private static EmbeddedPostgres server;
    private static TestCertificate certificate;
    private static TestCertificate stranger;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "postgres-tls-").toAbsolutePath();
        certificate = TestCertificate.create(Files.createDirectory(dir.resolve("server")));
        stranger = TestCertificate.create(Files.createDirectory(dir.resolve("stranger")));
        Files.setPosixFilePermissions(certificate.privateKeyPem(), PosixFilePermissions.fromString("rw-------"));
        server = EmbeddedPostgres.builder()
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", certificate.certificatePem().toString())
                .setServerConfig("ssl_key_file", certificate.privateKeyPem().toString())
                .setDataDirectoryCustomizer(data -> write(data.toPath().resolve("pg_hba.conf"), """
                        local   all  all                     trust
                        host    all  postgres  127.0.0.1/32  trust
                        hostssl all  allocation 127.0.0.1/32 scram-sha-256
                        """))
                .start();
        try (Connection admin = server.getPostgresDatabase().getConnection(); Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE allocation LOGIN PASSWORD '" + PASSWORD + "'");
            sql.execute("CREATE DATABASE allocation OWNER allocation");
        }
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static DatabaseUrl url(String password, String parameters) {
        return DatabaseUrl.parse("postgresql://allocation:" + password + "@127.0.0.1:" + server.getPort() + "/allocation?" + parameters);
    }

    @Test
    void the_service_connects_with_its_password_over_tls_checking_the_servers_certificate_and_name() {
        try (Database database = Database.connect(url(PASSWORD, "sslmode=verify-full&sslrootcert=" + certificate.certificatePem()), 2)) {
            boolean encrypted = database.jdbi().withHandle(handle ->
                    handle.createQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").mapTo(Boolean.class).one());

            assertThat(encrypted).isTrue();
            assertThat(database.probe().state()).isEqualTo(Database.State.OK);
        }
    }

    @Test
    void without_tls_a_wrong_password_or_an_untrusted_certificate_it_does_not_start_and_never_says_the_password() {
        assertThatThrownBy(() -> Database.connect(url(PASSWORD, "sslmode=disable"), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("The database refused the connection")
                .satisfies(refused -> assertThat(messages(refused)).contains("no pg_hba.conf entry").doesNotContain(PASSWORD));
        assertThatThrownBy(() -> Database.connect(url("wrong-" + PASSWORD, "sslmode=require"), 2))
                .satisfies(refused -> assertThat(messages(refused)).contains("password authentication failed").doesNotContain(PASSWORD));
        assertThatThrownBy(() -> Database.connect(url(PASSWORD, "sslmode=verify-full&sslrootcert=" + stranger.certificatePem()), 2))
                .satisfies(refused -> assertThat(messages(refused)).contains("SSL error").doesNotContain(PASSWORD));
    }

    private static String messages(Throwable thrown) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
