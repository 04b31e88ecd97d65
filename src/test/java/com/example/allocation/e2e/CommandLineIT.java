package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.TestDatabases;
import com.example.allocation.TestRedis;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The jar's command line, as an operator uses it: the version, help, migrating before serving, failures told in one
 * line, and the dev tokens.
 */
class CommandLineIT {

    @Test
    void version_and_help_name_the_jar_and_its_commands_and_a_wrong_command_is_exit_status_2() throws Exception {
        DatabaseUrl database = TestDatabases.freshUrl(TestDatabases.Kind.H2);

        RunningJar.Finished version = RunningJar.command(workDir("version-"), database, Map.of(), "--version");
        RunningJar.Finished help = RunningJar.command(workDir("help-"), database, Map.of(), "--help");
        RunningJar.Finished wrong = RunningJar.command(workDir("wrong-"), database, Map.of(), "serv");

        assertThat(version.status()).isZero();
        assertThat(version.output().strip()).matches("allocation \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(help.status()).isZero();
        assertThat(help.output()).contains("Usage: allocation", "serve", "migrate", "--version");
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.output()).contains("Unmatched argument", "Did you mean: allocation serve?");
    }

    @Test
    void migrate_applies_the_schema_and_exits_and_serve_then_applies_nothing_twice() throws Exception {
        DatabaseUrl database = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);

        RunningJar.Finished first = RunningJar.command(workDir("migrate-"), database, Map.of(), "migrate");
        RunningJar.Finished again = RunningJar.command(workDir("migrate-again-"), database, Map.of(), "migrate");
        RunningJar service = RunningJar.start(workDir("serve-"), database, Map.of(), List.of(), "serve");
        try {
            assertThat(service.api().get("/health/ready").status()).isEqualTo(200);
        } finally {
            service.process().destroy();
            service.process().waitFor(30, TimeUnit.SECONDS);
        }

        assertThat(first.status()).isZero();
        assertThat(first.output()).containsPattern("Database at .*: \\d+ migration\\(s\\) applied").doesNotContain(": 0 migration(s)");
        assertThat(again.status()).isZero();
        assertThat(again.output()).contains(": 0 migration(s) applied");
        assertThat(service.log()).contains(": 0 migration(s) applied").contains("Allocation service listening on");
    }

    @Test
    void migrate_with_a_wrong_configuration_is_exit_status_2_naming_the_variable() throws Exception {
        RunningJar.Finished refused = RunningJar.command(workDir("bad-"), TestDatabases.freshUrl(TestDatabases.Kind.H2),
                Map.of("DATABASE_POOL_SIZE", "many"), "migrate");

        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.output()).contains("Cannot migrate: DATABASE_POOL_SIZE must be a whole number");
    }

    @Test
    void migrate_and_serve_that_fail_say_why_in_one_line_without_a_stack_trace_exit_status_1() throws Exception {
        RunningJar.Finished migrate = RunningJar.command(workDir("unreachable-"), TestDatabases.freshUrl(TestDatabases.Kind.H2),
                Map.of("DATABASE_URL", "postgresql://allocation:secret@127.0.0.1:" + TestRedis.freePort() + "/nowhere"), "migrate");
        RunningJar.Finished serve;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serve = RunningJar.command(workDir("port-taken-"), TestDatabases.freshUrl(TestDatabases.Kind.H2),
                    Map.of("PORT", String.valueOf(taken.getLocalPort())), "serve");
        }

        assertThat(migrate.status()).as(migrate.output()).isEqualTo(1);
        assertThat(migrate.output()).contains("Cannot migrate: ").contains("refused")
                .doesNotContain("\tat ").doesNotContain("Caused by");
        assertThat(serve.status()).as(serve.output()).isEqualTo(1);
        assertThat(serve.output()).contains("Cannot start: Port already in use")
                .doesNotContain("\tat ").doesNotContain("Caused by");
    }

    @Test
    void check_on_a_database_that_is_not_there_says_so_and_creates_nothing() throws Exception {
        Path folder = workDir("nothing-");
        DatabaseUrl missing = DatabaseUrl.h2File(folder.resolve("never").resolve("allocation").toString());

        RunningJar.Finished check = RunningJar.command(workDir("check-nothing-"), missing, Map.of(), "check");

        assertThat(check.status()).isEqualTo(1);
        assertThat(check.output()).contains("Cannot check: Cannot connect to the database:");
        assertThat(folder.resolve("never")).doesNotExist();
    }

    @Test
    void dev_tokens_makes_a_key_pair_then_tokens_signed_with_it_and_says_what_is_missing() throws Exception {
        DatabaseUrl unused = TestDatabases.freshUrl(TestDatabases.Kind.H2);
        String keys = workDir("dev-keys-").resolve("dev-keys").toString();

        RunningJar.Finished made = RunningJar.command(workDir("dev-tokens-keys-"), unused, Map.of(), "dev-tokens", "keys", keys);
        RunningJar.Finished token = RunningJar.command(workDir("dev-tokens-token-"), unused, Map.of(),
                "dev-tokens", "token", keys, "warehouse", "allocation:stock");
        RunningJar.Finished noKeys = RunningJar.command(workDir("dev-tokens-no-keys-"), unused, Map.of(),
                "dev-tokens", "token", keys + "-elsewhere", "warehouse");
        RunningJar.Finished noCommand = RunningJar.command(workDir("dev-tokens-alone-"), unused, Map.of(), "dev-tokens");

        assertThat(made.status()).isZero();
        assertThat(made.output()).contains("Wrote " + keys, "AUTH_PUBLIC_KEY_FILE=" + keys, "AUTH_ISSUER=", "AUTH_AUDIENCE=");
        assertThat(Path.of(keys, "issuer.pem")).exists();
        assertThat(token.status()).isZero();
        assertThat(token.output().strip()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(noKeys.status()).isEqualTo(1);
        assertThat(noKeys.output()).contains("run 'dev-tokens keys");
        assertThat(noCommand.status()).isEqualTo(2);
        assertThat(noCommand.output()).contains("keys", "token");
    }

    private static Path workDir(String prefix) throws IOException {
        return Files.createTempDirectory(Path.of("target"), "cli-" + prefix).toAbsolutePath();
    }
}
