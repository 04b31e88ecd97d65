/**
 * The persistence adapters (book chapters 2 and 6): the repository and unit of work over JDBC, with Jdbi,
 * HikariCP and Flyway, on PostgreSQL or embedded H2. The domain knows nothing of this package: the
 * mapping between rows and objects is written out here, by hand.
 *
 * <ul>
 *   <li>The repository: {@link com.example.allocation.adapters.persistence.JdbcProductRepository} (the collection
 *       of products, and what it saves), {@link com.example.allocation.adapters.persistence.ProductRows} (products
 *       and batches to and from rows), {@link com.example.allocation.adapters.persistence.JdbcOrderLines} (a
 *       product's lines, read as the rules ask).</li>
 *   <li>The unit of work: {@link com.example.allocation.adapters.persistence.JdbcUnitOfWork}, and
 *       {@link com.example.allocation.adapters.persistence.WritesAtCommit} for the read model, outbox, inbox and
 *       history rows it writes when it commits; {@link com.example.allocation.adapters.persistence.JdbcOutbox} and
 *       {@link com.example.allocation.adapters.persistence.JdbcInbox} read and tidy those tables, and
 *       {@link com.example.allocation.adapters.persistence.OutboxJson} is how a message is stored in the outbox.</li>
 *   <li>The database: {@link com.example.allocation.adapters.persistence.Database} (pool, migrations, health),
 *       {@link com.example.allocation.adapters.persistence.DatabaseUrl}, {@link
 *       com.example.allocation.adapters.persistence.Dialect}, {@link
 *       com.example.allocation.adapters.persistence.Connectivity} (which failures mean "try again"), {@link
 *       com.example.allocation.adapters.persistence.Sql} (plain JDBC for the hot path), and {@link
 *       com.example.allocation.adapters.persistence.ConsistencyCheck} ({@code check}).</li>
 * </ul>
 */
package com.example.allocation.adapters.persistence;
