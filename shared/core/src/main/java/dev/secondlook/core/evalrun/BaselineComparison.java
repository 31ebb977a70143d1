package dev.secondlook.core.evalrun;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run compared case by case with a baseline run: the cases present in both with a verdict (pass or fail) in
 * both are pairs; an error on either side leaves the case out of the pairs (it is listed, never counted as a pass
 * or a fail).
 *
 * @param runId        the baseline's run id
 * @param pairs        cases with a verdict in both runs
 * @param fixed        case ids that failed in the baseline and pass now
 * @param stillFailing case ids that failed in both
 * @param newFailures  case ids that passed in the baseline and fail now
 * @param unpaired     case ids of this run with no verdict to compare (not in the baseline, or an error on either
 *                     side)
 * @param mcnemarP     two-sided exact McNemar p-value of fixed against new failures
 * @param byCategory   the same counts per labelled category (a case counts in each of its categories)
 */
@JsonPropertyOrder({"runId", "pairs", "fixed", "stillFailing", "newFailures", "unpaired", "mcnemarP", "byCategory"})
public record BaselineComparison(String runId, int pairs, List<String> fixed, List<String> stillFailing,
                                 List<String> newFailures, List<String> unpaired, double mcnemarP,
                                 List<CategoryChange> byCategory) {

    public BaselineComparison {
        fixed = List.copyOf(fixed);
        stillFailing = List.copyOf(stillFailing);
        newFailures = List.copyOf(newFailures);
        unpaired = List.copyOf(unpaired);
        byCategory = List.copyOf(byCategory);
    }

    /** Per-category counts of the paired cases. */
    @JsonPropertyOrder({"category", "pairs", "fixed", "stillFailing", "newFailures"})
    public record CategoryChange(String category, int pairs, int fixed, int stillFailing, int newFailures) {
    }

    /**
     * Compares {@code current} with {@code baseline}, pairing by case id; the order of the lists follows
     * {@code current}.
     */
    public static BaselineComparison compare(String baselineRunId, List<CaseResult> current,
                                             List<CaseResult> baseline) {
        Map<String, CaseStatus> before = new HashMap<>();
        baseline.forEach(r -> before.put(r.caseId(), r.status()));
        List<String> fixed = new ArrayList<>();
        List<String> still = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        List<String> unpaired = new ArrayList<>();
        Map<String, int[]> perCategory = new TreeMap<>();
        int pairs = 0;
        for (CaseResult now : current) {
            CaseStatus then = before.get(now.caseId());
            if (then == null || then == CaseStatus.ERROR || now.status() == CaseStatus.ERROR) {
                unpaired.add(now.caseId());
                continue;
            }
            pairs++;
            int slot;
            if (then == CaseStatus.FAIL && now.status() == CaseStatus.PASS) {
                fixed.add(now.caseId());
                slot = 1;
            } else if (then == CaseStatus.FAIL) {
                still.add(now.caseId());
                slot = 2;
            } else if (now.status() == CaseStatus.FAIL) {
                broken.add(now.caseId());
                slot = 3;
            } else {
                slot = 0;
            }
            for (String category : now.categories()) {
                int[] counts = perCategory.computeIfAbsent(category, k -> new int[4]);
                counts[0]++;
                if (slot > 0) {
                    counts[slot]++;
                }
            }
        }
        List<CategoryChange> byCategory = new ArrayList<>();
        perCategory.forEach((category, c) -> byCategory.add(new CategoryChange(category, c[0], c[1], c[2], c[3])));
        return new BaselineComparison(baselineRunId, pairs, fixed, still, broken, unpaired,
                McNemar.exactP(fixed.size(), broken.size()), byCategory);
    }

    /**
     * Whether the pass rate dropped significantly: more new failures than fixes, at a McNemar p below
     * {@code alpha}.
     */
    public boolean significantDrop(double alpha) {
        return newFailures.size() > fixed.size() && mcnemarP < alpha;
    }
}
