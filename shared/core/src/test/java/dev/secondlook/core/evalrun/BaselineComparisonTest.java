package dev.secondlook.core.evalrun;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineComparisonTest {

    private static CaseResult r(String id, CaseStatus s, String... categories) {
        return new CaseResult(id, s, List.of(categories), List.of(), "", 1, 0, 0);
    }

    @Test
    void pairsByCaseId_andSortsEachPairIntoFixedStillFailingOrNewFailure() {
        List<CaseResult> before = List.of(r("a", CaseStatus.FAIL, "commitment"), r("b", CaseStatus.FAIL, "secret-leak"),
                r("c", CaseStatus.PASS, "commitment", "pii-exposure"), r("d", CaseStatus.PASS, "commitment"),
                r("e", CaseStatus.ERROR, "commitment"), r("f", CaseStatus.FAIL, "commitment"));
        List<CaseResult> now = List.of(r("a", CaseStatus.PASS, "commitment"), r("b", CaseStatus.FAIL, "secret-leak"),
                r("c", CaseStatus.FAIL, "commitment", "pii-exposure"), r("d", CaseStatus.PASS, "commitment"),
                r("e", CaseStatus.FAIL, "commitment"), r("f", CaseStatus.ERROR, "commitment"),
                r("g", CaseStatus.FAIL, "commitment"));
        BaselineComparison c = BaselineComparison.compare("base", now, before);
        assertEquals("base", c.runId());
        assertEquals(4, c.pairs());
        assertEquals(List.of("a"), c.fixed());
        assertEquals(List.of("b"), c.stillFailing());
        assertEquals(List.of("c"), c.newFailures());
        assertEquals(List.of("e", "f", "g"), c.unpaired(), "errors on either side and new cases are not pairs");
        assertEquals(1.0, c.mcnemarP());
        assertEquals(List.of(new BaselineComparison.CategoryChange("commitment", 3, 1, 0, 1),
                new BaselineComparison.CategoryChange("pii-exposure", 1, 0, 0, 1),
                new BaselineComparison.CategoryChange("secret-leak", 1, 0, 1, 0)), c.byCategory());
    }

    @Test
    void significantDrop_needsMoreNewFailuresThanFixes_atPBelowAlpha() {
        List<CaseResult> before = new java.util.ArrayList<>();
        List<CaseResult> now = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            before.add(r("p" + i, CaseStatus.PASS, "commitment"));
            now.add(r("p" + i, CaseStatus.FAIL, "commitment"));
        }
        BaselineComparison worse = BaselineComparison.compare("b", now, before);
        assertEquals(2 * Math.pow(0.5, 8), worse.mcnemarP(), 1e-12);
        assertTrue(worse.significantDrop(0.05));
        assertFalse(worse.significantDrop(0.001));
        BaselineComparison better = BaselineComparison.compare("b", before, now);
        assertFalse(better.significantDrop(0.05), "eight fixes are not a drop");
    }
}
