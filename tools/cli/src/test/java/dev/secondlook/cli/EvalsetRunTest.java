package dev.secondlook.cli;

import dev.secondlook.core.evalrun.BaselineComparison;
import dev.secondlook.core.evalrun.CaseResult;
import dev.secondlook.core.evalrun.CaseStatus;
import dev.secondlook.core.evalrun.EvalRun;
import dev.secondlook.core.evalrun.ReleaseGate;
import dev.secondlook.core.evalrun.TokenUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalsetRunTest {

    private static CaseResult r(String id, CaseStatus s) {
        return new CaseResult(id, s, List.of("commitment"), s == CaseStatus.FAIL ? List.of("commitment-promise")
                : List.of(), s == CaseStatus.PASS ? "" : "commitment fired again", 1, 10, 5);
    }

    private static EvalRun run(List<CaseResult> now, List<CaseResult> before) {
        return EvalRun.of("20261130T070000000Z-000001", "cand", Instant.parse("2026-11-30T07:00:00Z"), "sha256:p",
                null, now, before == null ? null : BaselineComparison.compare("20261130T060000000Z-000000", now,
                        before), TokenUsage.estimate(List.of(), null, 1024, null), TokenUsage.actual(now, null));
    }

    @Test
    void theGate_blocksOnANewFailure_orAnError_andPassesOtherwise() {
        List<CaseResult> before = List.of(r("a", CaseStatus.PASS), r("b", CaseStatus.FAIL));
        assertEquals(List.of(), ReleaseGate.blocking(run(List.of(r("a", CaseStatus.PASS), r("b", CaseStatus.FAIL)),
                before), ReleaseGate.Mode.NEW_FAILURES, 0.05), "still failing is not new");
        assertEquals(List.of("1 new failure(s) against 20261130T060000000Z-000000"), ReleaseGate.blocking(
                run(List.of(r("a", CaseStatus.FAIL), r("b", CaseStatus.PASS)), before),
                ReleaseGate.Mode.NEW_FAILURES, 0.05));
        assertEquals(List.of("1 case(s) ended in error (no verdict is not a pass)"), ReleaseGate.blocking(
                run(List.of(r("a", CaseStatus.ERROR)), null), ReleaseGate.Mode.NEW_FAILURES, 0.05));
        assertEquals(List.of(), ReleaseGate.blocking(run(List.of(r("a", CaseStatus.FAIL)), null),
                ReleaseGate.Mode.NEW_FAILURES, 0.05), "without a baseline nothing is new");
    }

    @Test
    void significantDrop_toleratesOneNewFailure_butNotEight() {
        List<CaseResult> before = new ArrayList<>();
        List<CaseResult> one = new ArrayList<>();
        List<CaseResult> eight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            before.add(r("c" + i, CaseStatus.PASS));
            one.add(r("c" + i, i == 0 ? CaseStatus.FAIL : CaseStatus.PASS));
            eight.add(r("c" + i, CaseStatus.FAIL));
        }
        assertEquals(List.of(), ReleaseGate.blocking(run(one, before), ReleaseGate.Mode.SIGNIFICANT_DROP, 0.05));
        List<String> why = ReleaseGate.blocking(run(eight, before), ReleaseGate.Mode.SIGNIFICANT_DROP, 0.05);
        assertEquals(1, why.size());
        assertTrue(why.get(0).contains("8 new failure(s), 0 fixed, McNemar p = 0.007813"), why.get(0));
    }

    @Test
    void theTextReport_namesEveryFailureAndError_andTheComparison() {
        String text = EvalRunText.render(run(List.of(r("a", CaseStatus.FAIL), r("b", CaseStatus.PASS),
                r("c\u001b[31m", CaseStatus.ERROR)), List.of(r("a", CaseStatus.PASS), r("b", CaseStatus.FAIL))));
        assertTrue(text.contains("3 cases: 1 passed, 1 failed, 1 errors"), text);
        assertTrue(text.contains("1 fixed, 0 still failing, 1 newly failing; exact McNemar p = 1"), text);
        assertTrue(text.contains("newly failing: a"), text);
        assertTrue(text.contains("fail a [commitment]: commitment fired again (commitment-promise)"), text);
        assertTrue(text.contains("error c\\u001b[31m"), "a case id cannot drive the terminal: " + text);
    }

    @Test
    void aCasesFile_mustHoldEvalCases_eachIdOnce(@TempDir Path dir) throws Exception {
        EvalsetRun run = new EvalsetRun(System.out, System.err);
        Path notJson = dir.resolve("a.jsonl");
        Files.writeString(notJson, "{\"schema\":\"secondlook.eval-case/v1\",\"caseId\":\"x\",\"prompt\":\"p\","
                + "\"labels\":[\"commitment\"]}\n\nnope\n");
        UsageException e = assertThrows(UsageException.class, () -> run.casesFrom(notJson));
        assertTrue(e.getMessage().endsWith("a.jsonl line 3: not JSON"), e.getMessage());
        Path other = dir.resolve("b.jsonl");
        Files.writeString(other, "{\"schema\":\"secondlook.review-view/v2\"}\n");
        assertTrue(assertThrows(UsageException.class, () -> run.casesFrom(other)).getMessage()
                .contains("line 1: not an eval case"));
        Path unlabelled = dir.resolve("d.jsonl");
        Files.writeString(unlabelled, "{\"schema\":\"secondlook.eval-case/v1\",\"caseId\":\"x\",\"prompt\":\"p\"}\n");
        assertTrue(assertThrows(UsageException.class, () -> run.casesFrom(unlabelled)).getMessage()
                .endsWith("line 1: an eval case needs a caseId, a prompt and labels"));
        Path twice = dir.resolve("c.jsonl");
        String line = "{\"schema\":\"secondlook.eval-case/v2\",\"caseId\":\"x\",\"prompt\":\"p\",\"labels\":[]}\n";
        Files.writeString(twice, line + line);
        assertTrue(assertThrows(UsageException.class, () -> run.casesFrom(twice)).getMessage()
                .contains("line 2: case x appears twice"));
        Files.writeString(twice, line);
        assertEquals("x", run.casesFrom(twice).get(0).caseId());
    }

    @Test
    void badOptions_areUsageErrors_beforeAnyCall() {
        for (String[] args : new String[][] {
                {"evalset", "run", "--model-id", "m", "--format", "xml", "--bucket", "b"},
                {"evalset", "run", "--model-id", "m", "--concurrency", "0", "--bucket", "b"},
                {"evalset", "run", "--model-id", "m", "--fail-on", "vibes", "--bucket", "b"},
                {"evalset", "run", "--model-id", "m", "--price-input-per-1k", "0.001", "--bucket", "b"},
                {"evalset", "run", "--bucket", "b"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.commandLine(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                    Path.of("../..")).execute(args);
            assertEquals(2, code, String.join(" ", args) + ": " + err);
        }
    }
}
