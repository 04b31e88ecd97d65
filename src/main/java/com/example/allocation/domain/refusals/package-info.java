/**
 * What the rules of the domain refuse (book chapters 3 and 4): {@link
 * com.example.allocation.domain.refusals.AllocationException} and a subtype per reason, each with a message the
 * caller can act on; the entry points map the type to a status (400, 404, 409). A refusal changes nothing.
 */
package com.example.allocation.domain.refusals;
