package dev.secondlook.cli;

import picocli.CommandLine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code --since}: an ISO-8601 instant with its offset ({@code 2026-08-01T00:00:00Z},
 * {@code 2026-08-01T09:00:00+02:00}), a date ({@code 2026-08-01}, midnight UTC), or a time ago ({@code 30m},
 * {@code 24h}, {@code 7d}). Anything else is a usage error, never an export of nothing.
 */
final class SinceConverter implements CommandLine.ITypeConverter<Instant> {

    private final Clock clock;

    SinceConverter() {
        this(Clock.systemUTC());
    }

    SinceConverter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        String v = value.strip();
        if (v.length() >= 2 && v.chars().limit(v.length() - 1).allMatch(Character::isDigit)) {
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            Duration ago = switch (v.charAt(v.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> null;
            };
            if (ago != null) {
                return clock.instant().minus(ago);
            }
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            // not an instant with an offset: a date, maybe
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a time: use an ISO-8601 instant "
                    + "with its offset (2026-08-01T00:00:00Z), a date (2026-08-01) or a time ago (30m, 24h, 7d)");
        }
    }
}
