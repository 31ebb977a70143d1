package dev.secondlook.core.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Fixed-width ISO-8601 UTC timestamps with milliseconds ({@code 2026-08-19T06:00:00.000Z}). Stored times are
 * compared as strings (the status/dueAt index, lease checks), which is only correct when every value has the same
 * width; {@link Instant#toString()} drops zero fractions and would not.
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
