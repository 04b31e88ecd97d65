package com.example.allocation;

import java.time.LocalDate;

/** The dates tests give batches: fixed, so that no test depends on the day it runs. */
public final class TestDates {

    public static final LocalDate TODAY = LocalDate.of(2026, 11, 20);
    public static final LocalDate TOMORROW = TODAY.plusDays(1);
    public static final LocalDate LATER = TODAY.plusDays(10);

    private TestDates() {
    }
}
