package com.example.allocation.adapters.persistence;

import com.example.allocation.adapters.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where the database is: a JDBC URL and, if the URL did not carry them, credentials. Accepts the
 * {@code postgresql://user:pass@host:port/db} form that platforms hand out in {@code DATABASE_URL}, or any
 * {@code jdbc:} URL as it is.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    /** The embedded default: an H2 database in files under {@code ./data}, created on first start. */
    public static final DatabaseUrl EMBEDDED_DEFAULT = h2File("./data/allocation");

    /**
     * An H2 database in files. {@code WRITE_DELAY=0}: H2 otherwise acknowledges a commit up to half a second
     * before writing it to its file, and a killed process loses what it had acknowledged ({@code CrashIT}).
     */
    public static DatabaseUrl h2File(String pathWithoutExtension) {
        return new DatabaseUrl(closedByUs("jdbc:h2:file:" + pathWithoutExtension + ";WRITE_DELAY=0"), "sa", "");
    }

    /**
     * An H2 URL that leaves closing the database to the service: H2's own shutdown hook would close it as soon as
     * the process is told to stop, while the service still serves the requests of its shutdown delay.
     */
    private static String closedByUs(String h2Url) {
        return h2Url.toUpperCase(Locale.ROOT).contains(";DB_CLOSE_ON_EXIT=") ? h2Url : h2Url + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL is empty");
        }
        if (url.startsWith("jdbc:")) {
            Dialect.of(url);
            return new DatabaseUrl(url.startsWith("jdbc:h2:") ? closedByUs(url) : url, null, null);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // The reason and position only: the text itself may hold a password.
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL: " + e.getReason() + " at character " + (e.getIndex() + 1)
                    + " (write it as postgresql://user:pass@host:port/db, percent-encoding special characters, or as a jdbc: URL)");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must be postgresql://user:pass@host:port/db or a jdbc: URL, got scheme " + uri.getScheme());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL names no host: " + redacted(uri));
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new DatabaseUrl("jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query, user, password);
    }

    public boolean isPostgres() {
        return dialect() == Dialect.POSTGRESQL;
    }

    Dialect dialect() {
        return Dialect.of(jdbcUrl);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + Secrets.redact(jdbcUrl) + (user == null ? "" : ", user " + user) + "]";
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // Not the decoder's message: it quotes the text, which may be a password.
            throw new IllegalArgumentException("DATABASE_URL has a user or password with a malformed %-escape");
        }
    }

    private static String redacted(URI uri) {
        return uri.getScheme() + "://…" + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
