package com.example.allocation.entrypoints.http;

import java.util.Map;

/** What {@code GET /health} reports: whether the service can do its work, and details for an operator. */
public record Health(boolean healthy, Map<String, Object> details) {
}
