package com.example.allocation.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ConnectivityTest {

    @Test
    void a_lost_or_refused_connection_or_a_database_shutting_down_means_the_storage_is_unavailable() {
        assertThat(Connectivity.isConnectionLoss(new SQLException("connection failure", "08006"))).isTrue();
        assertThat(Connectivity.isConnectionLoss(new SQLException("could not connect", "08001"))).isTrue();
        assertThat(Connectivity.isConnectionLoss(new SQLException("admin shutdown", "57P01"))).isTrue();
        assertThat(Connectivity.isConnectionLoss(new RuntimeException("wrapped", new SQLException("starting up", "57P03")))).isTrue();
    }

    @Test
    void other_database_errors_are_not_mistaken_for_an_outage() {
        assertThat(Connectivity.isConnectionLoss(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(Connectivity.isConnectionLoss(new SQLException("no such table", "42P01"))).isFalse();
        assertThat(Connectivity.isConnectionLoss(new SQLException("no state"))).isFalse();
        assertThat(Connectivity.isConnectionLoss(new IllegalStateException("not SQL at all"))).isFalse();
    }
}
