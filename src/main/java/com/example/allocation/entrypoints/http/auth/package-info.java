/**
 * Who may call (beyond the book; docs/security.md): bearer tokens verified against the issuer's keys
 * ({@link com.example.allocation.entrypoints.http.auth.AccessTokens}, a JWKS or a PEM key; a JWKS fetched by
 * {@link com.example.allocation.entrypoints.http.auth.IssuerKeys}), the caller they name with its scopes, and
 * per-caller rate limits. {@code entrypoints.http.AccessControl} applies them to each route.
 */
package com.example.allocation.entrypoints.http.auth;
