package dev.secondlook.core.scorecard;

import java.time.Instant;
import java.util.List;

/**
 * What the scorecard reads of one review record: labels, times and the verdicts, never its text.
 *
 * @param id                   review id
 * @param createdAt            when ingest (or the gate) judged it
 * @param dueAt                when its review was due
 * @param modelId              model id
 * @param route                route, "" when none
 * @param policyVersion        the policy version that judged it
 * @param selectionReason      rule, high-stakes-route, sample or hold
 * @param inclusionProbability the probability it had of being selected
 * @param ruleIds              rules that fired
 * @param ruleCategories       categories of those rules
 * @param outcome              the verdict's outcome (on-policy, off-policy), or null while unreviewed
 * @param verdictCategories    the categories the reviewer assigned
 * @param reviewedBy           who gave the verdict, or null
 * @param reviewedAt           when, or null
 * @param independentReviews   the independent reviews of a double-reviewed record, in order (the first and the
 *                             second reviewer's, before any adjudication); empty for a record reviewed once
 */
public record ScoredRecord(String id, Instant createdAt, Instant dueAt, String modelId, String route,
                           String policyVersion, String selectionReason, double inclusionProbability,
                           List<String> ruleIds, List<String> ruleCategories, String outcome,
                           List<String> verdictCategories, String reviewedBy, Instant reviewedAt,
                           List<Review> independentReviews) {

    /** Categories an off-policy verdict is counted in when the reviewer named none. */
    public static final String UNCATEGORISED = "uncategorised";

    /** One reviewer's verdict, as the scorecard reads it. */
    public record Review(String outcome, List<String> categories, String reviewedBy) {

        public Review {
            categories = List.copyOf(categories);
        }
    }

    public ScoredRecord {
        ruleIds = List.copyOf(ruleIds);
        ruleCategories = List.copyOf(ruleCategories);
        verdictCategories = List.copyOf(verdictCategories);
        independentReviews = List.copyOf(independentReviews);
    }

    public boolean reviewed() {
        return outcome != null;
    }

    public boolean offPolicy() {
        return "off-policy".equals(outcome);
    }

    /**
     * Selected by a review or page rule: the population's "flagged" stratum. A held output counts as flagged when
     * a rule fired on it, as ingest counts the same record when its log arrives.
     */
    public boolean flagged() {
        return "rule".equals(selectionReason) || ("hold".equals(selectionReason) && !ruleIds.isEmpty());
    }

    /** The categories an off-policy verdict counts in: the reviewer's, else the rules', else uncategorised. */
    public List<String> offPolicyCategories() {
        if (!offPolicy()) {
            return List.of();
        }
        if (!verdictCategories.isEmpty()) {
            return verdictCategories;
        }
        return ruleCategories.isEmpty() ? List.of(UNCATEGORISED) : ruleCategories;
    }
}
