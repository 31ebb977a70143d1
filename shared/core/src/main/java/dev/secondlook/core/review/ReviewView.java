package dev.secondlook.core.review;

import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.model.Evidence;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.model.SourceRef;

import java.util.List;
import java.util.Map;

/**
 * A review record as the review API shows it, version 3 (schema: {@code contracts/review-view.v3.schema.json}):
 * the record, its text, its claim, its verdict and, for an output the gate holds, its hold. Internal bookkeeping
 * (the queue receipt, the item kind, the check's request hash and caller) never appears. Timestamps are ISO-8601
 * strings as stored; optional fields are null when absent. Version 2 adds the hold lane, {@code hold}, and the
 * verdict's {@code decision} and {@code editedOutput}; version 3 the status DISPUTED and {@code independentReviews}
 * (double review).
 *
 * @param schema          {@link #SCHEMA}
 * @param id              review id
 * @param status          life-cycle status
 * @param lane            review lane
 * @param severity        how urgent
 * @param categories      categories the policy assigned
 * @param ruleIds         rules that fired
 * @param evidence        where each rule fired (masked excerpts for secrets)
 * @param inclusionProbability probability this record was selected (1.0 for rule hits and high-stakes routes)
 * @param selectionReason why it was selected
 * @param route           the application route, "" when none
 * @param modelId         model id
 * @param operation       API operation (Converse, InvokeModel, ...)
 * @param format          input format the record was read from
 * @param policyVersion   the policy version that judged it
 * @param source          the log object and line it came from
 * @param sourceUri       the same as a URI
 * @param recordTimestamp when the model answered, as the log says, or null
 * @param systemPrompt    system prompt text (possibly truncated)
 * @param prompt          prompt text (possibly truncated)
 * @param output          the model's output (possibly truncated)
 * @param truncated       whether a text field was cut to fit
 * @param stopReason      why the model stopped, or null
 * @param guardrailAction guardrail action, or null
 * @param inputTokens     input tokens, or null
 * @param outputTokens    output tokens, or null
 * @param requestMetadata the application's request metadata
 * @param createdAt       when the record was written
 * @param dueAt           when its review is due
 * @param claimBy         who holds the claim, or null
 * @param claimedAt       when it was claimed, or null
 * @param leaseExpiresAt  when the claim lapses, or null
 * @param claimCount      how many times it was claimed
 * @param releasedBy      who last gave the claim back, or null
 * @param verdict         the verdict, or null
 * @param reviewedBy      who gave the verdict, or null
 * @param reviewedAt      when, or null
 * @param slaEscalatedAt  when an SLA breach was paged, or null
 * @param hold            the hold of an output the gate keeps from its customer, or null for any other record
 * @param independentReviews the independent reviews of a record selected for double review, in order (a lead sees
 *                        both; a reviewer only their own); empty for any other record
 */
public record ReviewView(String schema, String id, ReviewStatus status, Lane lane, Severity severity,
                         List<String> categories, List<String> ruleIds, List<Evidence> evidence,
                         double inclusionProbability, String selectionReason, String route, String modelId,
                         String operation, String format, String policyVersion, SourceRef source, String sourceUri,
                         String recordTimestamp, String systemPrompt, String prompt, String output, boolean truncated,
                         String stopReason, String guardrailAction, Long inputTokens, Long outputTokens,
                         Map<String, String> requestMetadata, String createdAt, String dueAt, String claimBy,
                         String claimedAt, String leaseExpiresAt, long claimCount, String releasedBy, Verdict verdict,
                         String reviewedBy, String reviewedAt, String slaEscalatedAt, Hold hold,
                         List<IndependentReview> independentReviews) {

    public static final String SCHEMA = "secondlook.review-view/v3";

    /**
     * The hold of an output the gate keeps from its customer until a reviewer decides.
     *
     * @param status    held, or how it was resolved
     * @param holdUntil when it expires unless decided
     * @param onTimeout what it delivers when it expires: {@code block} (the fallback) or {@code deliver}
     * @param fallback  what the customer gets instead of a blocked output
     * @param decidedAt when it was resolved, or null while held
     */
    public record Hold(CheckStatus status, String holdUntil, String onTimeout, String fallback, String decidedAt) {
    }

    public ReviewView {
        categories = List.copyOf(categories);
        ruleIds = List.copyOf(ruleIds);
        evidence = List.copyOf(evidence);
        independentReviews = independentReviews == null ? List.of() : List.copyOf(independentReviews);
        // sorted, so the JSON of a view is the same every time
        requestMetadata = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(requestMetadata));
    }

    /** The view with only {@code caller}'s own independent reviews: what a second reviewer may see. */
    public ReviewView withReviewsOf(String caller) {
        return new ReviewView(schema, id, status, lane, severity, categories, ruleIds, evidence, inclusionProbability,
                selectionReason, route, modelId, operation, format, policyVersion, source, sourceUri, recordTimestamp,
                systemPrompt, prompt, output, truncated, stopReason, guardrailAction, inputTokens, outputTokens,
                requestMetadata, createdAt, dueAt, claimBy, claimedAt, leaseExpiresAt, claimCount, releasedBy, verdict,
                reviewedBy, reviewedAt, slaEscalatedAt, hold, IndependentReview.by(independentReviews, caller));
    }

    /**
     * The view as a reviewer who is not a lead may see it: other reviewers' identities and notes are hidden, and so
     * is the other independent review of a double-reviewed record (the second reviewer decides without seeing the
     * first); what concerns the caller themselves stays.
     */
    public ReviewView redactedFor(String caller) {
        boolean judgedByCaller = caller.equals(reviewedBy);
        Verdict shownVerdict = verdict == null || judgedByCaller ? verdict
                : new Verdict(verdict.outcome(), verdict.categories(), verdict.severity(), null,
                verdict.correctedResponse(), verdict.decision(), verdict.editedOutput());
        return new ReviewView(schema, id, status, lane, severity, categories, ruleIds, evidence, inclusionProbability,
                selectionReason, route, modelId, operation, format, policyVersion, source, sourceUri, recordTimestamp,
                systemPrompt, prompt, output, truncated, stopReason, guardrailAction, inputTokens, outputTokens,
                requestMetadata, createdAt, dueAt, caller.equals(claimBy) ? claimBy : null,
                caller.equals(claimBy) ? claimedAt : null, caller.equals(claimBy) ? leaseExpiresAt : null, claimCount,
                caller.equals(releasedBy) ? releasedBy : null, shownVerdict, judgedByCaller ? reviewedBy : null,
                reviewedAt, slaEscalatedAt, hold, IndependentReview.by(independentReviews, caller));
    }
}
