package com.example.allocation.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void a_password_in_the_user_part_of_a_url_is_hidden() {
        assertThat(Secrets.redact("postgresql://alloc:s3cret@db:5432/allocation")).isEqualTo("postgresql://alloc:***@db:5432/allocation");
        assertThat(Secrets.redact("redis://:s3cret@cache:6379")).isEqualTo("redis://:***@cache:6379");
        assertThat(Secrets.redact("redis://default:p@ss/w:rd@cache:6379/0")).isEqualTo("redis://default:***@cache:6379/0");
    }

    @Test
    void a_password_parameter_is_hidden_whatever_its_case() {
        assertThat(Secrets.redact("jdbc:postgresql://db/allocation?user=alloc&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/allocation?user=alloc&password=***&ssl=true");
        assertThat(Secrets.redact("jdbc:postgresql://db/allocation?PASSWORD=s3cret")).isEqualTo("jdbc:postgresql://db/allocation?PASSWORD=***");
        assertThat(Secrets.redact("jdbc:h2:file:./data/allocation;USER=sa;PASSWORD=s3cret;WRITE_DELAY=0"))
                .isEqualTo("jdbc:h2:file:./data/allocation;USER=sa;PASSWORD=***;WRITE_DELAY=0");
    }

    @Test
    void a_url_without_a_password_is_unchanged() {
        assertThat(Secrets.redact("jdbc:postgresql://db:5432/allocation?user=alloc")).isEqualTo("jdbc:postgresql://db:5432/allocation?user=alloc");
        assertThat(Secrets.redact("redis://cache:6379")).isEqualTo("redis://cache:6379");
    }
}
