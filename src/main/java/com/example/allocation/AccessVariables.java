package com.example.allocation;

import com.example.allocation.adapters.Environment;
import com.example.allocation.entrypoints.http.auth.AccessTokens;
import com.example.allocation.entrypoints.http.auth.RateLimits;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may call the service, as the environment says (README, "Running with authentication"): how access tokens
 * are checked, whether authentication is knowingly off, the rate limit per caller, and which addresses are this
 * machine's alone.
 */
final class AccessVariables {

    static final List<String> NAMES = List.of("AUTH_JWKS_URL", "AUTH_PUBLIC_KEY_FILE", "AUTH_ISSUER", "AUTH_AUDIENCE",
            "AUTH_DISABLED", "RATE_LIMIT_PER_SECOND", "RATE_LIMIT_BURST");

    private AccessVariables() {
    }

    /** How access tokens are checked, or null to run without authentication. */
    static AccessTokens.Settings auth(Environment env) {
        String jwks = env.text("AUTH_JWKS_URL");
        String keyFile = env.text("AUTH_PUBLIC_KEY_FILE");
        if (jwks == null && keyFile == null) {
            for (String orphan : List.of("AUTH_ISSUER", "AUTH_AUDIENCE")) {
                if (env.text(orphan) != null) {
                    throw new IllegalArgumentException(orphan + " is set but neither AUTH_JWKS_URL nor AUTH_PUBLIC_KEY_FILE is: "
                            + "set one of them to turn authentication on");
                }
            }
            return null;
        }
        if (jwks != null && keyFile != null) {
            throw new IllegalArgumentException("AUTH_JWKS_URL and AUTH_PUBLIC_KEY_FILE are both set: set one");
        }
        if (authDisabled(env)) {
            throw new IllegalArgumentException("AUTH_DISABLED=true contradicts " + (jwks != null ? "AUTH_JWKS_URL" : "AUTH_PUBLIC_KEY_FILE"));
        }
        String audience = env.text("AUTH_AUDIENCE");
        Set<String> audiences = audience == null ? Set.of()
                : new LinkedHashSet<>(Arrays.stream(audience.split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList());
        return new AccessTokens.Settings(jwks == null ? null : jwksUrl(jwks), keyFile == null ? null : Path.of(keyFile),
                env.text("AUTH_ISSUER"), audiences, AccessTokens.Settings.DEFAULT_MIN_REFRESH_INTERVAL);
    }

    static boolean authDisabled(Environment env) {
        String value = env.text("AUTH_DISABLED");
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException("AUTH_DISABLED must be true or false, got '" + value + "'");
    }

    /** The request rate allowed each caller, or null for no limit. */
    static RateLimits.Settings rateLimit(Environment env) {
        if (env.text("RATE_LIMIT_PER_SECOND") == null) {
            if (env.text("RATE_LIMIT_BURST") != null) {
                throw new IllegalArgumentException("RATE_LIMIT_BURST is set but RATE_LIMIT_PER_SECOND is not");
            }
            return null;
        }
        int perSecond = env.integer("RATE_LIMIT_PER_SECOND", 0, 1, 1_000_000);
        return new RateLimits.Settings(perSecond, env.integer("RATE_LIMIT_BURST", 2 * perSecond, 1, 10_000_000));
    }

    /** Whether {@code host} is this machine's loopback address: reachable from this machine alone. */
    static boolean isLoopback(String host) {
        if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            return Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("HOST " + host + " is not an address of this machine");
        }
    }

    /** An https URL; plain http only to this machine, where no one on the way can swap the keys. */
    private static URI jwksUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("AUTH_JWKS_URL is not a valid URL: " + e.getReason());
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean http = "http".equalsIgnoreCase(uri.getScheme());
        if (uri.getHost() == null || !(https || http && isLoopback(uri.getHost()))) {
            throw new IllegalArgumentException("AUTH_JWKS_URL must be an https:// URL (http:// only to this machine), got " + uri);
        }
        return uri;
    }
}
