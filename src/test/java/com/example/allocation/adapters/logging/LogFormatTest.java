package com.example.allocation.adapters.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFormatTest {

    @Test
    void the_log_is_text_unless_log_format_says_json_in_the_variable_or_in_its_file(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("log-format"), "json\n");

        assertThat(LogFormat.configurationFor(Map.of())).isEqualTo("logback-text.xml");
        assertThat(LogFormat.configurationFor(Map.of("LOG_FORMAT", " json "))).isEqualTo("logback-json.xml");
        assertThat(LogFormat.configurationFor(Map.of("LOG_FORMAT", "text"))).isEqualTo("logback-text.xml");
        assertThat(LogFormat.configurationFor(Map.of("LOG_FORMAT_FILE", json.toString()))).isEqualTo("logback-json.xml");
    }

    @Test
    void a_log_format_file_that_cannot_be_read_leaves_the_log_as_text_for_the_service_to_refuse(@TempDir Path dir) {
        assertThat(LogFormat.configurationFor(Map.of("LOG_FORMAT_FILE", dir.resolve("missing").toString())))
                .isEqualTo("logback-text.xml");
    }
}
