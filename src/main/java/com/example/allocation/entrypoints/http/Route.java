package com.example.allocation.entrypoints.http;

import io.javalin.http.Handler;
import java.util.Set;

/**
 * A route of the API: its method and path, and the scopes that allow it, any one of them (none: open to all). Kept as
 * data so that a 405 can name the methods a path allows, and so that no route can be served without its access check.
 */
record Route(Method method, String path, Set<String> scopes, Handler handler) {

    /** How a route is called: a read ({@code GET}, and {@code HEAD} with it), or a change. */
    enum Method {
        GET("GET, HEAD"), POST("POST"), DELETE("DELETE");

        private final String allowed;

        Method(String allowed) {
            this.allowed = allowed;
        }

        /** The methods it allows, as an {@code Allow} header names them. */
        String allowed() {
            return allowed;
        }
    }

    boolean matches(String rawPath) {
        return rawPath.matches(path.replaceAll("\\{[^}]+}", "[^/]+"));
    }
}
