package dev.secondlook.core.route;

import dev.secondlook.core.model.Severity;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.Timestamps;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The escalation published to the pager topic, version 1 (schema: {@code contracts/escalation.v1.schema.json}).
 * Carries ids and labels only: no prompt, output or other customer text. The escalation id is derived from the
 * review id and the kind, so a replay publishes the same id and pagers can de-duplicate.
 *
 * @param kind    {@code policy-page} (a page-severity rule fired) or {@code sla-breach} (review overdue)
 * @param open    how to open the record: the CLI command and the DynamoDB console link
 */
public record Escalation(String schema, String escalationId, String kind, String reviewId, Severity severity,
                         Lane lane, List<String> categories, String route, String modelId, String policyVersion,
                         String dueAt, String raisedAt, Open open) {

    public static final String SCHEMA = "secondlook.escalation/v1";
    public static final String POLICY_PAGE = "policy-page";
    public static final String SLA_BREACH = "sla-breach";

    /** Ways to open the review record. */
    public record Open(String cli, String console) {
    }

    public static Escalation of(String kind, ReviewSummary r, String raisedAt, Open open) {
        return new Escalation(SCHEMA, escalationId(r.reviewId(), kind), kind, r.reviewId(), r.severity(), r.lane(),
                r.categories(), r.route(), r.modelId(), r.policyVersion(), Timestamps.format(r.dueAt()), raisedAt, open);
    }

    /** Stable id: {@code esc-} and the first 32 hex digits of SHA-256(reviewId, kind). */
    public static String escalationId(String reviewId, String kind) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((reviewId + "\u0000" + kind)
                    .getBytes(StandardCharsets.UTF_8));
            return "esc-" + HexFormat.of().formatHex(d).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
