package com.example.allocation;

import com.example.allocation.adapters.Secrets;
import com.example.allocation.adapters.csv.CsvFolder;
import com.example.allocation.adapters.persistence.ConsistencyCheck;
import com.example.allocation.adapters.persistence.Database;
import com.example.allocation.domain.refusals.AllocationException;
import com.example.allocation.entrypoints.cli.DevTokens;
import com.example.allocation.servicelayer.messagebus.Envelope;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.writes.DirectBus;
import io.javalin.util.ConcurrencyUtil;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code java -jar target/allocation.jar [serve | migrate | check | csv | dev-tokens]}: the service and the tools
 * an operator runs beside it, one jar, parsed by picocli. With no command it serves, as it always has. Every command
 * but {@code dev-tokens} is configured by the environment (README, "Configuration"); exit status 2 means the
 * configuration or the command line is wrong, 1 that it failed. A failure is told in one line saying why, never
 * a stack trace: whoever reads it runs a command, not a debugger.
 */
@Command(name = "allocation", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Allocates order lines to batches of stock. With no command: serve.",
        subcommands = {Main.Serve.class, Main.Csv.class, Main.Migrate.class, Main.Check.class, Main.Tokens.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(Main.class);
    /** What {@link Serve} returns: the service runs on in its own threads, so the JVM must not exit. */
    private static final int SERVING = -1;

    public static void main(String[] args) {
        int status = commandLine().execute(args);
        if (status != SERVING) {
            System.exit(status);
        }
    }

    /** The jar's commands; one that fails in a way it did not foresee says so in one line, and the status is 1. */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println(command.getCommandName() + " failed: " + reason(e));
            command.getErr().flush();
            return 1;
        });
    }

    /** What went wrong, in the words of whoever found it. */
    private static String reason(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    @Override
    public Integer call() {
        return new Serve().call();
    }

    /** The environment's configuration. @throws IllegalArgumentException naming the variable that is wrong */
    private static Config config() {
        return Config.fromEnvironment(System.getenv());
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Runs the service: migrates the database, then serves HTTP and the message consumers until SIGTERM.")
    static final class Serve implements Callable<Integer> {

        @Override
        public Integer call() {
            Config config;
            Service service;
            try {
                config = config();
                service = Bootstrap.start(config);
            } catch (IllegalArgumentException e) {
                log.error("Cannot start: {}", e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                log.error("Cannot start: {}", reason(e));
                return 1;
            }
            log.info("Allocation service listening on {}:{} — authentication {}, database {} ({}), Redis {}, SMTP {}, Kafka {}, requests on {}, Java {}",
                    config.host(), service.port(), config.auth() == null ? "off" : "on, " + Secrets.redact(config.auth().keySource()),
                    service.database(), Secrets.redact(config.database().jdbcUrl()),
                    config.redisUrl() == null ? "off (messages logged)" : Secrets.redact(config.redisUrl()),
                    config.smtp() == null ? "off (emails logged)" : config.smtp(),
                    config.kafka() == null ? "off" : config.kafka(),
                    ConcurrencyUtil.isLoomAvailable() ? "virtual threads" : "a bounded thread pool",
                    Runtime.version().feature());
            if (config.auth() == null && config.authDisabled()) {
                log.warn("Authentication is DISABLED (AUTH_DISABLED=true): anyone who can reach {}:{} may change stock. "
                        + "Only run like this behind something that authenticates every request.", config.host(), service.port());
            } else if (config.auth() == null) {
                log.info("No authentication is configured, so the service listens on loopback only, for local use; "
                        + "set AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE (docs/security.md) to serve other machines");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                log.info("Stopping: not ready, then no new requests; finishing those in flight");
                service.stop(config.shutdownDelay());
                log.info("Stopped");
            }, "shutdown"));
            return SERVING;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Applies the schema migrations not yet applied to DATABASE_URL, and exits: "
                    + "for deployments that migrate before they start instances.")
    static final class Migrate implements Callable<Integer> {

        @Override
        public Integer call() {
            try {
                Config config = config();
                Database.migrate(config.database(), config.databaseTimeouts());
                return 0;
            } catch (IllegalArgumentException e) {
                log.error("Cannot migrate: {}", e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                log.error("Cannot migrate: {}", reason(e));
                return 1;
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Reads DATABASE_URL and verifies what the service promises: no batch over-allocated, each batch's "
                    + "allocated total the sum of its lines, the read model agreeing with the lines, no backordered line "
                    + "that a batch could take; reports the outbox's backlog. Only reads. "
                    + "Exit status 0 when consistent, 1 otherwise.")
    static final class Check implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ConsistencyCheck.Report report;
            try {
                report = ConsistencyCheck.run(config().database());
            } catch (IllegalArgumentException e) {
                log.error("Cannot check: {}", e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                log.error("Cannot check: {}", reason(e));
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            report.findings().forEach(finding -> out.println("INCONSISTENT: " + finding));
            out.printf("Outbox: %d message(s) waiting to be delivered%s%n", report.outboxBacklog(),
                    report.outboxBacklog() == 0 ? "" : ", the oldest for " + report.oldestUndelivered().toSeconds() + " s");
            out.println(report.consistent() ? "Consistent." : report.findings().size() + " finding(s).");
            out.flush();
            return report.consistent() ? 0 : 1;
        }
    }

    @Command(name = "csv", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"Allocates the orders of FOLDER/orders.csv to the batches of FOLDER/batches.csv, keeping the "
                    + "allocations of FOLDER/allocations.csv if it is there, with the service's own message bus and "
                    + "handlers and no database (the book's appendix C). Writes allocations.csv, backorders.csv and "
                    + "rejected.csv all at once, or nothing.",
                    "Exit status 0: every line allocated or backordered; 3: some lines rejected (see rejected.csv); "
                    + "2: a file is malformed (nothing written); 1: a failure (nothing written)."})
    static final class Csv implements Callable<Integer> {

        @CommandLine.Parameters(paramLabel = "FOLDER", description = "The folder of CSV files")
        Path folder;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            CsvFolder files;
            try {
                files = CsvFolder.open(folder);
            } catch (CsvFolder.Malformed e) {
                err.println("Nothing written: " + e.getMessage());
                err.flush();
                return 2;
            }
            DirectBus bus = Bootstrap.bus(files.units(), Bootstrap.Settings.DEFAULT, () -> { });
            List<CsvFolder.Order> orders = files.orders();
            List<Optional<AllocationException>> outcomes = bus.handleTogether(orders.stream()
                    .map(order -> new Envelope(order.command(), Origin.UNAUTHENTICATED)).toList());
            List<CsvFolder.Rejection> rejections = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                CsvFolder.Order order = orders.get(i);
                outcomes.get(i).ifPresent(refusal -> rejections.add(new CsvFolder.Rejection(order.line(), refusal.getMessage())));
            }
            try {
                files.publish(rejections);
            } catch (CsvFolder.NotWritten e) {
                err.println(e.getMessage());
                err.flush();
                return 1;
            }
            if (!rejections.isEmpty()) {
                err.println(rejections.size() + " of " + orders.size() + " order line(s) rejected: see " + CsvFolder.REJECTED);
                err.flush();
                return 3;
            }
            return 0;
        }
    }

    @Command(name = "dev-tokens", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "A pocket identity provider for trying authentication on one's own machine (README, \"Running with "
                    + "authentication\"): makes a key pair, and mints access tokens signed with it that the service accepts "
                    + "given the public key. Not for production, where tokens come from the company's identity provider.")
    static final class Tokens {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Command(name = "keys", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
                description = "Makes a key pair in FOLDER: the private key readable by its owner only, the public key as PEM; "
                        + "prints how to start the service with it.")
        int keys(@CommandLine.Parameters(paramLabel = "FOLDER", description = "Where to keep the keys") Path folder) {
            PrintWriter out = spec.commandLine().getOut();
            try {
                Path publicKey = DevTokens.keys(folder);
                out.println("Wrote " + publicKey + "; start the service with:");
                out.println("AUTH_PUBLIC_KEY_FILE=" + publicKey + " AUTH_ISSUER=" + DevTokens.ISSUER + " AUTH_AUDIENCE="
                        + DevTokens.AUDIENCE + " java -jar target/allocation.jar");
                out.flush();
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return failed(e);
            }
        }

        @Command(name = "token", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
                description = "Prints a token for SUBJECT granting the SCOPEs (allocation:orders, allocation:stock, "
                        + "allocation:read), valid for an hour, signed with the key that 'dev-tokens keys' made in FOLDER.")
        int token(@CommandLine.Parameters(index = "0", paramLabel = "FOLDER", description = "Where the keys are") Path folder,
                @CommandLine.Parameters(index = "1", paramLabel = "SUBJECT", description = "Who the token is for") String subject,
                @CommandLine.Parameters(index = "2..*", paramLabel = "SCOPE", description = "What it allows") String[] scopes) {
            PrintWriter out = spec.commandLine().getOut();
            try {
                out.println(DevTokens.token(folder, subject, scopes == null ? new String[0] : scopes));
                out.flush();
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return failed(e);
            }
        }

        private int failed(Exception e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    /** The version the build wrote into the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"allocation " + (version == null ? "(not built as a jar)" : version)};
        }
    }
}
