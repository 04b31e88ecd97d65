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

    @Test
    void a_statement_or_lock_that_timed_out_means_the_database_did_not_answer_in_time() {
        assertThat(Connectivity.isTimeout(new SQLException("canceling statement due to statement timeout", "57014"))).isTrue();
        assertThat(Connectivity.isTimeout(new SQLException("canceling statement due to lock timeout", "55P03"))).isTrue();
        assertThat(Connectivity.isTimeout(new RuntimeException("wrapped", new SQLException("Timeout trying to lock table", "HYT00")))).isTrue();
        assertThat(Connectivity.isTimeout(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(Connectivity.isTimeout(new SQLException("connection failure", "08006"))).isFalse();
    }
}
