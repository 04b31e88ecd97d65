package com.example.allocation.adapters.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void a_value_cannot_start_a_new_log_line_or_hide_characters() {
        String forged = "batch1\n2026-11-21T10:00:00Z INFO  [main] c.e.a.Main - all good\r\u0000\u001b[31m\u0085\u2028\u202e\ud800";

        String safe = LogText.safe(forged, 1_000);

        assertThat(safe).doesNotContain("\n", "\r", "\u0000", "\u001b", "\u0085", "\u2028", "\u202e", "\ud800");
        assertThat(safe).isEqualTo("batch1\\n2026-11-21T10:00:00Z INFO  [main] c.e.a.Main - all good\\r\\u0000\\u001b[31m\\u0085\\u2028\\u202e\\ud800");
    }

    @Test
    void ordinary_text_in_any_script_is_left_as_it_is() {
        assertThat(LogText.safe("Ångström 😀 テーブル", 1_000)).isEqualTo("Ångström 😀 テーブル");
    }

    @Test
    void a_long_value_is_cut_saying_how_much_was_left_out() {
        String safe = LogText.safe("x".repeat(10_000_000), 200);

        assertThat(safe).hasSizeLessThan(250).startsWith("x".repeat(200)).endsWith("… [9999800 more characters]");
    }

    @Test
    void a_cut_never_splits_a_character_in_two() {
        assertThat(LogText.safe("a😀😀", 2)).isEqualTo("a😀… [2 more characters]");
    }
}
