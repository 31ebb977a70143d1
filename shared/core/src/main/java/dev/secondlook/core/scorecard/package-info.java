/**
 * The scorecard: population counts from the manifests and verdicts from the review records, turned into
 * off-policy rates with intervals, rule precision and recall, reviewer agreement and SLA compliance
 * ({@link dev.secondlook.core.scorecard.BuildScorecard}), rendered as JSON, text or a self-contained HTML page.
 * Reads labels and counts only: no prompt, output or note text ever enters a scorecard.
 */
package dev.secondlook.core.scorecard;
