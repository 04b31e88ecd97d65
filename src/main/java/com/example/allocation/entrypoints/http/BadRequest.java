package com.example.allocation.entrypoints.http;

/** A request the API refuses before it reaches the service: the status to answer, and why. */
final class BadRequest extends RuntimeException {

    private final int status;

    BadRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    BadRequest(String message) {
        this(400, message);
    }

    int status() {
        return status;
    }
}
