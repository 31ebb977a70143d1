package dev.secondlook.core.scorecard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A page: a category's off-policy rate is above its policy target with 97.5 % confidence (the 95 % interval's
 * lower bound is above it) over a window. Counts and rates only: never any customer text.
 *
 * @param schema         {@link #SCHEMA}
 * @param escalationId   stable per category and window, for pager de-duplication
 * @param category       the category
 * @param target         the policy's target rate
 * @param offPolicyRate  the estimate
 * @param lower          the interval's lower bound
 * @param upper          the interval's upper bound
 * @param reviewed       reviews the estimate rests on
 * @param population     judged records in the window
 * @param windowStart    window start (ISO-8601)
 * @param windowEnd      window end (ISO-8601)
 * @param reportUri      the window's report
 */
public record RateBreach(String schema, String escalationId, String category, double target, double offPolicyRate,
                         double lower, double upper, long reviewed, long population, String windowStart,
                         String windowEnd, String reportUri) {

    public static final String SCHEMA = "secondlook.rate-breach/v1";

    /** The stable id of a category's breach in a window. */
    public static String escalationId(String category, String windowStart) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((category + "\n" + windowStart)
                    .getBytes(StandardCharsets.UTF_8));
            return "rate-breach-" + HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JVM spec", e);
        }
    }
}
