package com.example.allocation;

import java.time.Instant;
import java.time.LocalDate;

/** The dates tests give batches, and the time they tell commands: fixed, so that no test depends on the day it runs. */
public final class TestDates {

    public static final LocalDate TODAY = LocalDate.of(2026, 11, 20);
    public static final LocalDate TOMORROW = TODAY.plusDays(1);
    public static final LocalDate LATER = TODAY.plusDays(10);
    /** Noon of {@link #TODAY}, UTC. */
    public static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private TestDates() {
    }
}
