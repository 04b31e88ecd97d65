package com.example.allocation;

import com.example.allocation.adapters.persistence.DatabaseUrl;
import java.util.Map;

/**
 * The service's settings, read from environment variables (12-factor). Anything unset takes the
 * embedded default, so the service runs with no configuration at all.
 *
 * @param port the HTTP port; 0 picks a free one
 * @param database where the database is
 * @param databasePoolSize how many database connections to keep
 * @param stockEmail who hears about out-of-stock SKUs
 */
public record Config(int port, DatabaseUrl database, int databasePoolSize, String stockEmail) {

    public static final int DEFAULT_PORT = 5005;

    /** @throws IllegalArgumentException naming the variable that is wrong and what it should be */
    public static Config fromEnvironment(Map<String, String> env) {
        return new Config(
                integer(env, "PORT", DEFAULT_PORT, 0, 65_535),
                env.containsKey("DATABASE_URL") ? DatabaseUrl.parse(env.get("DATABASE_URL")) : DatabaseUrl.EMBEDDED_DEFAULT,
                integer(env, "DATABASE_POOL_SIZE", 10, 1, 1_000),
                env.getOrDefault("STOCK_EMAIL", "stock@made.com"));
    }

    private static int integer(Map<String, String> env, String name, int defaultValue, int min, int max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, with what would have been right
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }
}
