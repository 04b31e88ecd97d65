package com.example.allocation.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void a_platform_style_postgresql_url_becomes_a_jdbc_url_with_credentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://allocation:s%40cret@db.internal:5433/allocation");

        assertThat(url).isEqualTo(new DatabaseUrl("jdbc:postgresql://db.internal:5433/allocation", "allocation", "s@cret"));
        assertThat(url.isPostgres()).isTrue();
    }

    @Test
    void the_postgres_scheme_and_query_parameters_are_accepted() {
        assertThat(DatabaseUrl.parse("postgres://localhost/test?sslmode=disable").jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost/test?sslmode=disable");
    }

    @Test
    void a_jdbc_url_is_used_as_it_is() {
        assertThat(DatabaseUrl.parse("jdbc:postgresql://db/x?ssl=true")).isEqualTo(new DatabaseUrl("jdbc:postgresql://db/x?ssl=true", null, null));
    }

    @Test
    void an_h2_database_is_closed_by_the_service_after_its_shutdown_delay_not_by_h2_when_the_process_is_told_to_stop() {
        assertThat(DatabaseUrl.parse("jdbc:h2:mem:x")).isEqualTo(new DatabaseUrl("jdbc:h2:mem:x;DB_CLOSE_ON_EXIT=FALSE", null, null));
        assertThat(DatabaseUrl.parse("jdbc:h2:mem:x;db_close_on_exit=true").jdbcUrl()).isEqualTo("jdbc:h2:mem:x;db_close_on_exit=true");
        assertThat(DatabaseUrl.EMBEDDED_DEFAULT.jdbcUrl()).endsWith(";DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void the_password_never_shows_in_the_url_description() {
        assertThat(DatabaseUrl.parse("postgresql://allocation:hunter2@db/allocation").toString()).doesNotContain("hunter2");
    }

    @Test
    void other_schemes_are_refused_with_a_clear_message() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://localhost/db"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("postgresql://");
    }

    @Test
    void a_malformed_url_is_refused_naming_the_variable_and_never_echoing_the_password() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://allocation:pa ss-hunter2@db/allocation"))
                .hasMessageStartingWith("DATABASE_URL is not a valid URL")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://allocation:hunter2%zz@db/allocation"))
                .hasMessageStartingWith("DATABASE_URL").hasMessageNotContaining("hunter2").hasMessageNotContaining("zz");
    }

    @Test
    void a_jdbc_url_with_a_password_parameter_is_described_without_it() {
        assertThat(DatabaseUrl.parse("jdbc:postgresql://db/allocation?user=a&password=hunter2").toString())
                .doesNotContain("hunter2").contains("password=***");
    }

    @Test
    void a_jdbc_url_of_a_database_the_service_does_not_support_is_refused() {
        assertThatThrownBy(() -> DatabaseUrl.parse("jdbc:mysql://db/allocation"))
                .hasMessageContaining("DATABASE_URL must be a PostgreSQL or H2 database");
    }
}
