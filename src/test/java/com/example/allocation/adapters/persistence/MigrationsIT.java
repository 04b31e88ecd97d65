package com.example.allocation.adapters.persistence;

import static com.example.allocation.TestDates.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.TestDatabases;
import com.example.allocation.domain.Product;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class MigrationsIT {

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
}
