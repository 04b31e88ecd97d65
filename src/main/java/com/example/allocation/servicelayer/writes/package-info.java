/**
 * How commands become committed transactions (book chapters 6 and 7, and beyond the book): a fresh unit of work per
 * batch of commands ({@link com.example.allocation.servicelayer.writes.InUnitOfWork}), each step around the bus a
 * class of its own — the inbox, the log's context, the prefetch, the retry of a lost race, the meters — and group
 * commit, which gathers the commands that arrive together into one batch
 * ({@link com.example.allocation.servicelayer.writes.GroupCommit}, decisions 14, 18 and 19). Each step can be read,
 * tested or left out of the wiring in {@code Bootstrap} alone.
 */
package com.example.allocation.servicelayer.writes;
