package dev.secondlook.core.incident;

import java.util.List;

/**
 * One incident (schema {@code contracts/incident.v1.schema.json}): an off-policy output that reached a customer,
 * what is being done about it, and everything that happened to it. Its id is {@code inc-} and the review id: one
 * incident per review. Holds no model text.
 *
 * @param schema     {@code secondlook.incident/v1}
 * @param incidentId {@code inc-<reviewId>}
 * @param version    bumped by every change (the store's optimistic lock)
 * @param state      where it stands
 * @param severity   from the policy's {@code incidents} section and the reviewer's categories
 * @param categories the reviewer's categories
 * @param firstAction what the policy says to do first
 * @param source     the reviewed output it is about
 * @param times      when each step happened (ISO-8601; null until it has)
 * @param openedBy   the reviewer whose verdict opened it
 * @param owner      the lead who acknowledged it, or null
 * @param ackDueAt   when it must be acknowledged by
 * @param fix        the change meant to stop it happening again, or null
 * @param resolution how it was resolved, or null
 * @param actions    follow-up actions, oldest first
 * @param audit      every change, who and when, oldest first
 * @param pagedAt    when its opening page went out (sev1/sev2), or null
 * @param ackRepagedAt when it paged again for a missed acknowledgement, or null
 */
public record Incident(String schema, String incidentId, long version, IncidentState state,
                       IncidentSeverity severity, List<String> categories, String firstAction, Source source,
                       Times times, String openedBy, String owner, String ackDueAt, Fix fix, Resolution resolution,
                       List<FollowUp> actions, List<AuditEntry> audit, String pagedAt, String ackRepagedAt) {

    public static final String SCHEMA = "secondlook.incident/v1";

    public Incident {
        categories = List.copyOf(categories);
        actions = List.copyOf(actions);
        audit = List.copyOf(audit);
    }

    /** The incident id of a review. */
    public static String idOf(String reviewId) {
        return "inc-" + reviewId;
    }

    /**
     * @param reviewId      the review whose verdict opened it
     * @param evalCaseId    the eval case the verdict made (the review id)
     * @param requestId     the application's request id, when the log or check carried one
     * @param route         route
     * @param modelId       model
     * @param policyVersion policy version that selected the output
     * @param lane          the review lane it was reviewed in
     * @param sourceUri     where the log record is ({@code s3://bucket/key#L<line>}, or the check's)
     */
    public record Source(String reviewId, String evalCaseId, String requestId, String route, String modelId,
                         String policyVersion, String lane, String sourceUri) {
    }

    /**
     * The exposure timeline.
     *
     * @param deliveredAt    when the customer got the output (the log record's time, or the hold's release)
     * @param firstLookAt    when a reviewer first claimed it
     * @param verdictAt      when the off-policy verdict was given
     * @param openedAt       when the incident was opened
     * @param acknowledgedAt when a lead took it
     * @param mitigatedAt    when the first follow-up action was recorded
     * @param resolvedAt     when it was resolved
     */
    public record Times(String deliveredAt, String firstLookAt, String verdictAt, String openedAt,
                        String acknowledgedAt, String mitigatedAt, String resolvedAt) {
    }

    /**
     * The change meant to fix it; the re-run that resolves the incident must have run on it.
     *
     * @param modelId       the candidate model, or null when unchanged
     * @param promptVersion the candidate system prompt's version (as the re-run records it), or null
     * @param policyVersion a policy change, or null
     * @param description   what changed, in the lead's words
     */
    public record Fix(String modelId, String promptVersion, String policyVersion, String description) {
    }

    /**
     * @param kind   {@code fixed} (a re-run of its eval case passed on the fix) or {@code wont-fix}
     * @param runId  the passing re-run, for {@code fixed}
     * @param reason why not, for {@code wont-fix}
     * @param by     the lead who resolved it
     * @param at     when
     */
    public record Resolution(String kind, String runId, String reason, String by, String at) {
    }

    /**
     * A follow-up action.
     *
     * @param actionId the caller's id for it (a retried request records it once)
     * @param kind     {@code customer-contacted}, {@code credential-rotated}, {@code correction-sent} or {@code note}
     * @param note     what was done, in the lead's words
     * @param by       who
     * @param at       when
     */
    public record FollowUp(String actionId, String kind, String note, String by, String at) {
    }

    /**
     * One change.
     *
     * @param at     when
     * @param by     who ({@code secondlook} for the system)
     * @param event  {@code opened}, {@code paged}, {@code repaged}, {@code acknowledged}, {@code action},
     *               {@code fix-named}, {@code resolved}
     * @param detail a short description (labels, states, ids; never model text)
     */
    public record AuditEntry(String at, String by, String event, String detail) {
    }
}
