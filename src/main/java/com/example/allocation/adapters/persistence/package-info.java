/**
 * The persistence adapters (book chapters 2 and 6): the repository and unit of work over JDBC, with Jdbi,
 * HikariCP and Flyway, on PostgreSQL or embedded H2. The domain knows nothing of this package: the
 * mapping between rows and objects is written out here, by hand.
 */
package com.example.allocation.adapters.persistence;
