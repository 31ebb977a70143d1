package dev.secondlook.core.scorecard;

import dev.secondlook.core.stats.Interval;
import dev.secondlook.core.stats.RateEstimate;

import java.time.Instant;
import java.util.List;

/**
 * A scorecard over one window: what was judged and reviewed, the estimated off-policy rates with their 95 %
 * intervals, what the rules catch, how reviewers agree, and whether reviews met their SLA. Labels and counts
 * only.
 *
 * @param since       window start (inclusive)
 * @param until       window end (exclusive)
 * @param generatedAt when it was computed
 * @param by          the dimensions the estimates are broken down by
 * @param funnel      read, judged, selected, reviewed, off-policy
 * @param overall     the overall off-policy rate (category any, every model and route)
 * @param estimates   the rows: the overall row first, then one per group and category
 * @param rules       each rule's precision
 * @param ruleRecall  the share of off-policy records that a review or page rule flagged
 * @param agreement   reviewer agreement on double-reviewed records
 * @param sla         review SLA compliance
 * @param series      rates per time bucket and category, for the charts
 * @param targets     each category target and whether the interval's lower bound is above it
 */
public record Scorecard(Instant since, Instant until, Instant generatedAt, List<String> by, Funnel funnel,
                        RateEstimate overall, List<Row> estimates, List<RuleRow> rules, Interval ruleRecall,
                        AgreementSummary agreement, Sla sla, List<SeriesPoint> series, List<TargetCheck> targets) {

    /**
     * @param objects       log objects whose records were judged in the window
     * @param read          records read from them
     * @param judged        records judged (the population)
     * @param selected      judged records selected for review
     * @param reviewed      selected records with a verdict
     * @param offPolicy     verdicts off-policy
     * @param pending       selected records still waiting for a verdict (missing at random within their stratum)
     * @param notSampleable judged records the policy can never sample (an ignore rule, or a stratum rate of 0):
     *                      outside every estimate
     * @param uncounted     review records with no population count behind them (say, a gate check whose log has not
     *                      been ingested): counted into the population of their stratum
     */
    public record Funnel(long objects, long read, long judged, long selected, long reviewed, long offPolicy,
                         long pending, long notSampleable, long uncounted) {
    }

    /** One estimate row; model, route and policyVersion are null unless the report is broken down by them. */
    public record Row(String category, String model, String route, String policyVersion, RateEstimate estimate) {
    }

    /**
     * @param rule      rule id
     * @param hits      selected records the rule fired on
     * @param reviewed  of which reviewed
     * @param precision share of its hits judged off-policy, weighted by inclusion probability, with interval
     */
    public record RuleRow(String rule, long hits, long reviewed, Interval precision) {
    }

    /**
     * @param doubleReviewed records reviewed independently twice
     * @param disagreements  of which the two reviewers disagreed on the outcome (adjudicated by a lead)
     * @param kappa          Cohen's kappa on the outcome, with interval
     * @param byCategory     kappa per category (off-policy in that category or not)
     * @param reviewers      each reviewer's volume and agreement
     */
    public record AgreementSummary(long doubleReviewed, long disagreements, Interval kappa,
                                   List<CategoryKappa> byCategory, List<ReviewerStats> reviewers) {
    }

    public record CategoryKappa(String category, Interval kappa) {
    }

    /**
     * @param reviewer       who
     * @param verdicts       verdicts given (final ones and independent second reviews)
     * @param doubleReviewed double-reviewed records this reviewer took part in
     * @param agreed         of which both reviewers agreed on the outcome
     */
    public record ReviewerStats(String reviewer, long verdicts, long doubleReviewed, long agreed) {
    }

    /**
     * @param reviewed    records reviewed in the window
     * @param withinSla   of which reviewed by their due time
     * @param openOverdue records still unreviewed past their due time
     */
    public record Sla(long reviewed, long withinSla, long openOverdue) {

        public Double compliance() {
            return reviewed == 0 ? null : (double) withinSla / reviewed;
        }
    }

    public record SeriesPoint(String category, Instant start, Instant end, RateEstimate estimate) {
    }

    /**
     * @param category the category
     * @param target   the policy's target rate
     * @param estimate the category's overall estimate
     * @param breached the interval's lower bound is above the target: the rate is above it with 97.5 % confidence
     */
    public record TargetCheck(String category, double target, RateEstimate estimate, boolean breached) {
    }
}
