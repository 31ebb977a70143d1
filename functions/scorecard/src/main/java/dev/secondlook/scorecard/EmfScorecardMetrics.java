package dev.secondlook.scorecard;

import dev.secondlook.aws.telemetry.Telemetry;
import dev.secondlook.core.scorecard.ScorecardMetrics;

/**
 * The scorecard's rates as CloudWatch metrics through the Embedded Metric Format (Powertools): namespace
 * {@code secondlook}, dimension {@code Category}, metrics {@code OffPolicyRate}, {@code OffPolicyRateLower},
 * {@code OffPolicyRateUpper} (the 95 % interval), {@code Reviewed} and {@code Judged}. No API call: CloudWatch
 * Logs extracts them from the function's log, so the function needs no cloudwatch:PutMetricData.
 */
final class EmfScorecardMetrics implements ScorecardMetrics {

    static final String DIMENSION = "Category";

    @Override
    public void rate(String category, double rate, double lower, double upper, long reviewed, long population) {
        Telemetry.value("OffPolicyRate", rate, false, DIMENSION, category);
        Telemetry.value("OffPolicyRateLower", lower, false, DIMENSION, category);
        Telemetry.value("OffPolicyRateUpper", upper, false, DIMENSION, category);
        Telemetry.value("Reviewed", reviewed, true, DIMENSION, category);
        Telemetry.value("Judged", population, true, DIMENSION, category);
    }
}
