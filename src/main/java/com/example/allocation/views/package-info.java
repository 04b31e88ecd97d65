/**
 * The read side (CQRS, book chapter 12): plain SQL queries that answer the API's questions without
 * loading aggregates. Record components are named as the JSON fields of the HTTP API (docs/spec.md §3) ({@code orderid},
 * {@code batchref}), so the HTTP layer can serialise them as they are.
 */
package com.example.allocation.views;
