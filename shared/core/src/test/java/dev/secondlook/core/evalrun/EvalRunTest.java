package dev.secondlook.core.evalrun;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalRunTest {

    @Test
    void runIds_sortByTime_andAreRecognised() {
        Random random = new Random(1);
        String a = EvalRun.newRunId(Instant.parse("2026-11-30T06:45:00.120Z"), random);
        String b = EvalRun.newRunId(Instant.parse("2026-11-30T06:45:00.121Z"), random);
        assertTrue(a.startsWith("20261130T064500120Z-"), a);
        assertTrue(a.compareTo(b) < 0);
        assertTrue(EvalRun.isRunId(a));
        assertFalse(EvalRun.isRunId("latest"));
        assertFalse(EvalRun.isRunId("../../eval-cases/x"));
        assertFalse(EvalRun.isRunId("20261130T064500120Z-ABCDEF"));
        assertFalse(EvalRun.isRunId(null));
    }

    @Test
    void counts_andPerCategoryCounts_comeFromTheResults() {
        List<CaseResult> results = List.of(
                new CaseResult("a", CaseStatus.PASS, List.of("commitment"), List.of(), "", 1, 10, 5),
                new CaseResult("b", CaseStatus.FAIL, List.of("commitment", "pii-exposure"),
                        List.of("commitment-promise"), "commitment fired again", 2, 10, 5),
                new CaseResult("c", CaseStatus.ERROR, List.of("pii-exposure"), List.of(), "throttled", 6, 0, 0));
        EvalRun run = EvalRun.of("20261130T064500120Z-000001", "m", Instant.parse("2026-11-30T06:45:00Z"),
                "sha256:p", null, results, null, TokenUsage.estimate(List.of(), null, 100, null),
                TokenUsage.actual(results, new TokenUsage.Prices(1.0, 2.0)));
        assertEquals(3, run.cases());
        assertEquals(1, run.passed());
        assertEquals(1, run.failed());
        assertEquals(1, run.errors());
        assertEquals(List.of(new EvalRun.CategoryCount("commitment", 2, 1, 1, 0),
                new EvalRun.CategoryCount("pii-exposure", 2, 0, 1, 1)), run.byCategory());
        assertEquals(new TokenUsage(9, 20, 10, 0.04), run.usage());
        assertNull(run.summary().results());
        assertEquals(3, run.summary().withResults(results).results().size());
    }

    @Test
    void thePromptVersion_isTheOwnersLabel_elseTheHash_andNoneWithoutACandidatePrompt() {
        Instant t = Instant.parse("2026-11-30T06:45:00Z");
        assertEquals("support-v8", EvalRun.of("20261130T064500120Z-000001", "m", t, "p", "ab12", "support-v8",
                List.of(), null, null, null).promptVersion());
        assertEquals("sha256:ab12", EvalRun.of("20261130T064500120Z-000001", "m", t, "p", "ab12", null, List.of(),
                null, null, null).promptVersion());
        assertNull(EvalRun.of("20261130T064500120Z-000001", "m", t, "p", null, "ignored", List.of(), null, null,
                null).promptVersion());
    }
}
