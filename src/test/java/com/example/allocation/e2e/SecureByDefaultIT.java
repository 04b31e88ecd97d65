package com.example.allocation.e2e;

import static com.example.allocation.e2e.RunningServices.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.TestDatabases;
import com.example.allocation.TestIssuer;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The jar as an operator starts it: without authentication it serves this machine alone, refuses to serve
 * others unless told to explicitly, and with a key configured it serves the main flow to token holders only.
 */
class SecureByDefaultIT {

    @Test
    void without_authentication_the_service_answers_on_loopback_and_not_on_the_machines_network_address() throws Exception {
        InetAddress external = networkAddress();
        RunningJar service = RunningJar.start(workDir("loopback-"), TestDatabases.freshUrl(TestDatabases.Kind.H2), Map.of());
        try {
            assertThat(service.api().get("/health").status()).isEqualTo(200);
            assertThatThrownBy(() -> connect(external, service.port())).isInstanceOf(IOException.class);
            assertThat(service.log()).contains("listening on 127.0.0.1:", "No authentication is configured, so the service listens on loopback only");
        } finally {
            stop(service);
        }
    }

    @Test
    void a_network_address_without_authentication_is_refused_at_start_naming_what_to_set() throws Exception {
        Path workDir = workDir("refused-");

        int status = RunningJar.refusal(workDir, TestDatabases.freshUrl(TestDatabases.Kind.H2), Map.of("HOST", "0.0.0.0"));

        assertThat(status).isEqualTo(2);
        assertThat(Files.readString(workDir.resolve("service.log")))
                .contains("Cannot start: HOST 0.0.0.0", "AUTH_JWKS_URL", "AUTH_PUBLIC_KEY_FILE", "AUTH_DISABLED=true");
    }

    @Test
    void authentication_disabled_on_purpose_serves_the_network_and_warns_at_every_start() throws Exception {
        RunningJar service = RunningJar.start(workDir("disabled-"), TestDatabases.freshUrl(TestDatabases.Kind.H2),
                Map.of("HOST", "0.0.0.0", "AUTH_DISABLED", "true"));
        try {
            connect(networkAddress(), service.port()).close();
            assertThat(service.log()).contains("WARN", "Authentication is DISABLED (AUTH_DISABLED=true)");
        } finally {
            stop(service);
        }
    }

    @Test
    void with_a_public_key_file_the_main_flow_serves_token_holders_on_the_network_and_no_one_else() throws Exception {
        Path workDir = workDir("with-key-");
        RSAKey key = TestIssuer.newRsaKey();
        Path keyFile = TestIssuer.writePublicKeyPem(key, workDir.resolve("issuer.pem"));
        String sku = unique("LAMP");
        String stock = TestIssuer.sign(key, TestIssuer.claims("warehouse", "allocation:stock").build());
        String orders = TestIssuer.sign(key, TestIssuer.claims("web-shop", "allocation:orders").build());
        RunningJar service = RunningJar.start(workDir, TestDatabases.freshUrl(TestDatabases.Kind.H2), Map.of("HOST", "0.0.0.0",
                "AUTH_PUBLIC_KEY_FILE", keyFile.toString(), "AUTH_ISSUER", TestIssuer.ISSUER, "AUTH_AUDIENCE", TestIssuer.AUDIENCE));
        try {
            ApiClient anonymous = service.api();

            assertThat(anonymous.allocate("o1", sku, 1).status()).isEqualTo(401);
            assertThat(anonymous.withToken(stock).addBatch("b1", sku, 10, null).status()).isEqualTo(201);
            assertThat(anonymous.withToken(orders).allocate("o1", sku, 2).status()).isEqualTo(202);
            assertThat(anonymous.withToken(orders).get("/orders/o1").json().path("lines").get(0).path("batchref").asText())
                    .isEqualTo("b1");
            assertThat(anonymous.get("/health").json().fieldNames()).toIterable().containsExactly("status");
            assertThat(service.log())
                    .contains("authentication on, the key in " + keyFile)
                    .contains("POST /allocate 202", "by web-shop")
                    .doesNotContain(stock).doesNotContain(orders.substring(orders.lastIndexOf('.')));
        } finally {
            stop(service);
        }
    }

    private static Path workDir(String prefix) throws IOException {
        return Files.createTempDirectory(Path.of("target"), "secure-" + prefix).toAbsolutePath();
    }

    private static Socket connect(InetAddress address, int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(address, port), 2_000);
        return socket;
    }

    /** An IPv4 address of this machine that other machines could reach: not loopback. */
    private static InetAddress networkAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(network -> {
                    try {
                        return network.isUp() && !network.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst()
                .orElseThrow(() -> new AssertionError("This machine has no network address besides loopback to test with"));
    }

    private static void stop(RunningJar service) throws InterruptedException {
        service.process().destroy();
        service.process().waitFor(30, TimeUnit.SECONDS);
    }
}
