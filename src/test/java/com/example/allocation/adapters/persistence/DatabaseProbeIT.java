package com.example.allocation.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.Eventually;
import com.example.allocation.TestDatabases;
import com.example.allocation.servicelayer.ports.StorageTimeout;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** What /health learns of the database: a busy pool is "saturated", not "unreachable", and a request waiting for it gives up in time. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class DatabaseProbeIT {

    @Parameter
    TestDatabases.Kind kind;

    private Database database;

    @BeforeEach
    void onePooledConnection() {
        database = Database.connect(TestDatabases.freshUrl(kind), 1);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void an_idle_database_is_ok_with_its_outbox_backlog() {
        Database.Probe probe = database.probe();

        assertThat(probe.state()).isEqualTo(Database.State.OK);
        assertThat(probe.outboxBacklog()).isZero();
    }

    @Test
    void with_every_connection_taken_the_database_is_saturated_and_a_request_waiting_for_one_times_out() throws Exception {
        CompletableFuture<Void> waiting;
        try (UnitOfWork holdingTheOnlyConnection = database.unitsOfWork().start()) {
            waiting = CompletableFuture.runAsync(() -> database.unitsOfWork().start().close());

            Eventually.await("health sees a request waiting for a connection",
                    () -> database.probe().state() == Database.State.SATURATED);
            assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageTimeout.class);
        }

        assertThat(database.probe().state()).isEqualTo(Database.State.OK);
    }
}
