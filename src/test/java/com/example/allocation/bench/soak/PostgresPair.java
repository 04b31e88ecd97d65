package com.example.allocation.bench.soak;

import com.example.allocation.TestRedis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL primary and its synchronous standby, made with the machine's binaries in a folder of their own: the
 * database the soak runs on, which can be restarted and can fail over once. The server refuses to run as root, so
 * every binary runs as the {@code postgres} user, on files it owns.
 */
final class PostgresPair implements AutoCloseable {

    static final String DATABASE = "soak";
    private static final Path BINARIES = Path.of("/usr/lib/postgresql/15/bin");
    private static final String STANDBY_NAME = "standby";
    private static final Duration COMMAND_WAIT = Duration.ofSeconds(120);
    private static final Duration SYNC_WAIT = Duration.ofSeconds(60);

    private final Server primary;
    private final Server standby;
    private boolean failedOver;

    /** {@code log} is the server's own, written by postgres; {@code commands} the output of the binaries run on it. */
    private record Server(String name, Path dataDir, Path log, Path commands, int port) {
        /** Bounded waits: a check must fail, not hang, when the server it reached goes away under it. */
        String adminUrl(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres&connectTimeout=5&socketTimeout=30";
        }
    }

    private PostgresPair(Path dir) {
        primary = new Server("primary", dir.resolve("primary"), dir.resolve("primary.log"), dir.resolve("primary-commands.log"),
                TestRedis.freePort());
        standby = new Server(STANDBY_NAME, dir.resolve(STANDBY_NAME), dir.resolve("standby.log"), dir.resolve("standby-commands.log"),
                TestRedis.freePort());
    }

    /** A primary with a standby in sync, and the soak's database on them; {@code dir} is made and given to postgres. */
    static PostgresPair start(Path dir) throws Exception {
        Files.createDirectories(dir);
        giveToPostgres(dir);
        PostgresPair pair = new PostgresPair(dir);
        try {
            pair.initPrimary();
            pair.startServer(pair.primary);
            pair.cloneStandby();
            pair.startServer(pair.standby);
            pair.awaitStandbyInSync();
            // Made only now: with a synchronous standby named but not yet there, its commit would wait for ever.
            try (Connection connection = DriverManager.getConnection(pair.primary.adminUrl("postgres"));
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
            return pair;
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
    }

    int primaryPort() {
        return primary.port();
    }

    int standbyPort() {
        return standby.port();
    }

    /** The soak's database on whichever server is the primary now, reached directly. */
    String jdbcUrl() {
        return current().adminUrl(DATABASE);
    }

    boolean failedOver() {
        return failedOver;
    }

    /**
     * {@code pg_ctl restart -m fast} of the current primary; returns once it takes writes again, which, before a
     * failover, is once its standby is back in sync (until then every commit waits for it).
     */
    void restartPrimary() throws Exception {
        pgCtl(current(), "restart", "-m", "fast", "-l", current().log().toString());
        if (!failedOver) {
            awaitStandbyInSync();
        }
        awaitWritable(current());
    }

    /**
     * The primary dies at once (its postmaster killed, as a crashed machine), and the standby is promoted; returns
     * once the new primary takes writes. It has no standby of its own, and was configured to wait for none.
     */
    void failover() throws Exception {
        if (failedOver) {
            throw new IllegalStateException("The soak fails over once: there is no standby left to promote");
        }
        ProcessHandle handle = postmaster(primary)
                .orElseThrow(() -> new IllegalStateException("The primary's postmaster is not running"));
        handle.destroyForcibly();
        handle.onExit().get(30, TimeUnit.SECONDS);
        pgCtl(standby, "promote");
        failedOver = true;
        awaitWritable(standby);
    }

    /** Stops both servers at once; the data stays. A server that is not running (the old primary) is left as it is. */
    @Override
    public void close() {
        for (Server server : List.of(standby, primary)) {
            try {
                if (postmaster(server).isPresent()) {
                    pgCtl(server, "stop", "-m", "immediate");
                }
            } catch (Exception e) {
                SoakCluster.log("could not stop the " + server.name() + ": " + e.getMessage());
            }
        }
    }

    /** The server's postmaster, if it runs: the first line of its pid file names it, and a killed one leaves the file behind. */
    private static Optional<ProcessHandle> postmaster(Server server) throws IOException {
        Path pidFile = server.dataDir().resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim())).filter(ProcessHandle::isAlive);
    }

    private Server current() {
        return failedOver ? standby : primary;
    }

    private void initPrimary() throws Exception {
        asPostgres(primary.commands(), BINARIES.resolve("initdb").toString(), "-D", primary.dataDir().toString(),
                "-U", "postgres", "--auth=trust", "--no-sync");
        Files.writeString(primary.dataDir().resolve("pg_hba.conf"), """
                local all all trust
                host all all 127.0.0.1/32 trust
                host replication all 127.0.0.1/32 trust
                """, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        appendSettings(primary, List.of(
                "listen_addresses = '127.0.0.1'",
                "port = " + primary.port(),
                "unix_socket_directories = '" + primary.dataDir() + "'",
                "shared_buffers = 32MB",
                "wal_level = replica",
                "max_wal_senders = 5",
                "synchronous_standby_names = '" + STANDBY_NAME + "'",
                "synchronous_commit = on"));
    }

    /** The standby copies the primary's data and settings, then overrides what must differ. */
    private void cloneStandby() throws Exception {
        asPostgres(standby.commands(), BINARIES.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", String.valueOf(primary.port()),
                "-U", "postgres", "-D", standby.dataDir().toString(), "-R", "-X", "stream");
        // The primary knows its synchronous standby by this name; the last setting in the file wins over pg_basebackup's.
        Files.writeString(standby.dataDir().resolve("postgresql.auto.conf"),
                "primary_conninfo = 'host=127.0.0.1 port=" + primary.port() + " user=postgres application_name=" + STANDBY_NAME + "'\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        appendSettings(standby, List.of(
                "port = " + standby.port(),
                "unix_socket_directories = '" + standby.dataDir() + "'",
                // Promoted, it has no standby: naming one would make every commit wait for ever.
                "synchronous_standby_names = ''"));
    }

    private static void appendSettings(Server server, List<String> settings) throws IOException {
        Files.writeString(server.dataDir().resolve("postgresql.conf"), "\n" + String.join("\n", settings) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private void startServer(Server server) throws Exception {
        pgCtl(server, "start", "-l", server.log().toString());
        SoakCluster.log("PostgreSQL " + server.name() + " up on port " + server.port());
    }

    private void awaitStandbyInSync() throws Exception {
        long deadline = System.nanoTime() + SYNC_WAIT.toNanos();
        while (!standbyInSync()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The standby was not in sync within " + SYNC_WAIT + "; see " + standby.log());
            }
            Thread.sleep(100);
        }
        SoakCluster.log("PostgreSQL standby in sync");
    }

    private boolean standbyInSync() {
        try (Connection connection = DriverManager.getConnection(primary.adminUrl("postgres"));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT sync_state FROM pg_stat_replication WHERE application_name = '" + STANDBY_NAME + "'")) {
            return rows.next() && "sync".equals(rows.getString(1));
        } catch (SQLException notYet) {
            return false;
        }
    }

    /** Waits until a transaction commits on the server: up, out of recovery, and (if it has one) heard by its standby. */
    private static void awaitWritable(Server server) throws Exception {
        long deadline = System.nanoTime() + SYNC_WAIT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(server.adminUrl("postgres"));
                 Statement statement = connection.createStatement()) {
                // A transaction id makes its commit a write, without a table of ours in the soak's database.
                statement.execute("SELECT txid_current()");
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("The " + server.name() + " took no write within " + SYNC_WAIT + "; see " + server.log(), last);
    }

    private static void pgCtl(Server server, String action, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(BINARIES.resolve("pg_ctl").toString(), action, "-D", server.dataDir().toString(),
                "-w", "-t", "60"));
        command.addAll(List.of(options));
        asPostgres(server.commands(), command.toArray(String[]::new));
    }

    /** Runs a binary as the postgres user, its output added to {@code log}; throws if it fails or outlasts its wait. */
    private static void asPostgres(Path log, String... command) throws Exception {
        List<String> asUser = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        asUser.addAll(List.of(command));
        Process process = new ProcessBuilder(asUser).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(COMMAND_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within " + COMMAND_WAIT + "; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "); see " + log);
        }
    }

    private static void giveToPostgres(Path dir) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView attributes = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        attributes.setOwner(users.lookupPrincipalByName("postgres"));
        attributes.setGroup(users.lookupPrincipalByGroupName("postgres"));
    }
}
