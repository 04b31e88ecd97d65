package com.example.allocation.entrypoints.http;

/**
 * A client's mistake found by the HTTP adapter itself, before or instead of the service: a malformed body
 * (400), nothing at that address (404), a body too large (413) or not JSON (415). The 4xx status, and why.
 */
final class ClientError extends RuntimeException {

    private final int status;

    ClientError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    ClientError(String message) {
        this(400, message);
    }

    int status() {
        return status;
    }
}
