package dev.secondlook.aws;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentVariablesTest {

    private final EnvironmentVariables env = new EnvironmentVariables(Map.of("TABLE", "t", "LEASE", "900",
            "BAD", "ninety", "BLANK", " "));

    @Test
    void missingOrMalformedVariables_failNamingThem() {
        assertEquals("t", env.required("TABLE"));
        assertTrue(assertThrows(IllegalStateException.class, () -> env.required("QUEUE")).getMessage()
                .contains("QUEUE"));
        assertTrue(assertThrows(IllegalStateException.class, () -> env.required("BLANK")).getMessage()
                .contains("BLANK"));
        assertEquals(900, env.number("LEASE", 1, 1, 43_200));
        assertEquals(7, env.number("UNSET", 7, 1, 10));
        assertTrue(assertThrows(IllegalStateException.class, () -> env.number("BAD", 1, 1, 10)).getMessage()
                .contains("BAD"));
        assertTrue(assertThrows(IllegalStateException.class, () -> env.number("LEASE", 1, 1, 10)).getMessage()
                .contains("1..10"));
    }

    @org.junit.jupiter.api.Test
    void aFraction_isInZeroToOne_absentIsNull_andAnythingElseNamesTheVariable() {
        EnvironmentVariables env = new EnvironmentVariables(java.util.Map.of("R", "0.25", "BAD", "1.5", "TEXT", "x"));
        org.junit.jupiter.api.Assertions.assertEquals(0.25, env.fraction("R"));
        org.junit.jupiter.api.Assertions.assertNull(env.fraction("UNSET"));
        for (String name : java.util.List.of("BAD", "TEXT")) {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> env.fraction(name));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("environment variable " + name
                    + " must be a number in [0, 1]"), e.getMessage());
        }
    }
}
