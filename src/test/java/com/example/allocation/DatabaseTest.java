package com.example.allocation;

import com.example.allocation.adapters.persistence.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A test class that runs once on PostgreSQL and once on H2, each test with a fresh, migrated database. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
public abstract class DatabaseTest {

    @Parameter
    protected TestDatabases.Kind kind;

    protected Database database;

    @BeforeEach
    void freshDatabase() {
        database = TestDatabases.fresh(kind);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
