package com.example.allocation.adapters.persistence;

import static com.example.allocation.TestDates.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.example.allocation.TestDatabases;
import com.example.allocation.domain.Batch;
import com.example.allocation.domain.Product;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class MigrationsIT {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    @Parameter
    TestDatabases.Kind kind;

    @Test
    void a_pool_of_one_connection_is_enough_to_migrate_and_serve() {
        try (Database database = Database.connect(TestDatabases.freshUrl(kind), 1); UnitOfWork uow = database.unitsOfWork().start()) {
            assertThat(database.migrationsApplied()).isPositive();
            assertThat(uow.products().get("ANYTHING")).isEmpty();
        }
    }

    @Test
    void migrating_an_up_to_date_database_applies_nothing_and_keeps_its_data() {
        DatabaseUrl url = TestDatabases.freshUrl(kind);
        try (Database first = Database.connect(url, 2); UnitOfWork uow = first.unitsOfWork().start()) {
            assertThat(first.migrationsApplied()).isPositive();
            Product product = new Product("LAMP");
            product.addBatch("b1", 10, null, NOW);
            uow.products().add(product);
            uow.commit();
        }

        try (Database again = Database.connect(url, 2); UnitOfWork uow = again.unitsOfWork().start()) {
            assertThat(again.migrationsApplied()).isZero();
            assertThat(uow.products().get("LAMP")).isPresent();
        }
    }

    @Test
    void stock_stored_before_checkout_holds_comes_through_their_migration_with_nothing_held() {
        DatabaseUrl url = TestDatabases.freshUrl(kind);
        Flyway before = Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password()).target("7").load();
        before.migrate();
        Jdbi.create(before.getConfiguration().getDataSource()).useHandle(handle -> {
            handle.execute("INSERT INTO products (sku, version, last_sequence) VALUES ('LAMP', 2, 1)");
            handle.execute("INSERT INTO batches (reference, sku, purchased, allocated) VALUES ('b1', 'LAMP', 10, 10)");
            handle.execute("INSERT INTO order_lines (orderid, sku, qty, batchref, line_sequence) VALUES ('o1', 'LAMP', 10, 'b1', 1)");
        });

        try (Database after = Database.connect(url, 2); UnitOfWork uow = after.unitsOfWork().start()) {
            Product lamp = uow.products().get("LAMP").orElseThrow();
            assertThat(lamp.batches()).extracting(Batch::batchRef, Batch::allocatedQuantity, Batch::heldQuantity)
                    .containsExactly(tuple("b1", 10, 0));
            assertThat(lamp.held()).isEmpty();
        }
    }
}
