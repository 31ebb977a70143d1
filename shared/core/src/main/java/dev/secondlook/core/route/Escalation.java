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
 * The escalation published to the pager topic, version 3 (schema: {@code contracts/escalation.v3.schema.json}).
 * Carries ids and labels only: no prompt, output or other customer text. The escalation id is derived from the
 * review id and the kind, so a replay publishes the same id and pagers can de-duplicate.
 *
 * <p>Version 1 also carried a shell command ({@code ./secondlook review show <id>}) with the review id in it. The
 * id comes from the model's logs, so an attacker chooses it: a command pasted from a page could run what the id
 * holds. Version 2 carries only a console link, in which the id is URL-encoded. Version 3 adds the hold lane and
 * the kind {@code check-held}: an application waits for a reviewer.
 *
 * @param kind       {@code policy-page} (a page-severity rule fired), {@code check-held} (the gate holds an output
 *                   until a reviewer decides) or {@code sla-breach} (review overdue)
 * @param consoleUrl the link that opens the record in the console (never a shell command)
 */
public record Escalation(String schema, String escalationId, String kind, String reviewId, Severity severity,
                         Lane lane, List<String> categories, String route, String modelId, String policyVersion,
                         String dueAt, String raisedAt, String consoleUrl) {

    public static final String SCHEMA = "secondlook.escalation/v3";
    public static final String POLICY_PAGE = "policy-page";
    public static final String CHECK_HELD = "check-held";
    public static final String SLA_BREACH = "sla-breach";

    public static Escalation of(String kind, ReviewSummary r, String raisedAt, String consoleUrl) {
        return new Escalation(SCHEMA, escalationId(r.reviewId(), kind), kind, r.reviewId(), r.severity(), r.lane(),
                r.categories(), r.route(), r.modelId(), r.policyVersion(), Timestamps.format(r.dueAt()), raisedAt,
                consoleUrl);
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
