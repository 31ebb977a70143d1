package dev.secondlook.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalsetOptionsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private final SinceConverter since = new SinceConverter(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void since_takesInstantsWithOffsets_dates_andTimesAgo() {
        assertEquals(Instant.parse("2026-08-01T00:00:00Z"), since.convert("2026-08-01T00:00:00Z"));
        assertEquals(Instant.parse("2026-08-01T07:00:00Z"), since.convert("2026-08-01T09:00:00+02:00"),
                "the offset counts: it is not a string comparison");
        assertEquals(Instant.parse("2026-08-01T00:00:00Z"), since.convert("2026-08-01"));
        assertEquals(NOW.minusSeconds(24 * 3600), since.convert("24h"));
        assertEquals(NOW.minusSeconds(7 * 86400), since.convert("7d"));
        assertEquals(NOW.minusSeconds(30 * 60), since.convert("30m"));
    }

    @Test
    void since_refusesAnythingElse_insteadOfExportingNothing() {
        for (String bad : new String[] {"yesterday", "7w", "2026-13-01", ""}) {
            CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                    () -> since.convert(bad), bad);
            assertTrue(e.getMessage().contains("is not a time"), e.getMessage());
        }
    }

    @Test
    void anOutFileWhoseExtensionPromisesAnotherFormat_isAUsageError_beforeAnythingIsRead() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.commandLine(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                Path.of("../..")).execute("evalset", "export", "--format", "bedrock", "--out", "cases.yaml",
                "--bucket", "b");
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("secondlook: evalset export: --out cases.yaml: "
                + "bedrock is written as JSON Lines, so name the file .jsonl"), err.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(2, Main.commandLine(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err2, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                Path.of("../..")).execute("evalset", "export", "--format", "promptfoo", "--since", "yesterday"));
        assertTrue(err2.toString(StandardCharsets.UTF_8).contains("'yesterday' is not a time"));
    }
}
