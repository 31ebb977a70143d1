package dev.secondlook.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A record selected for human review, as written once by ingest. Reviewer-owned fields (claim, verdict) are added
 * later by other functions and are never part of an ingest write.
 *
 * @param id                   deterministic review id (the interaction's record id)
 * @param status               always {@link ReviewStatus#PENDING} when ingest writes it
 * @param lane                 review lane
 * @param severity             highest severity among the rules that fired (or SAMPLE / REVIEW for sampling and
 *                             high-stakes routes)
 * @param categories           categories of the rules that fired, sorted
 * @param ruleIds              ids of the rules that fired, sorted
 * @param evidence             matched spans, secrets masked
 * @param inclusionProbability probability that this record was selected (1.0 for rules and high-stakes routes)
 * @param selectionReason      rule, high-stakes-route or sample
 * @param route                route from request metadata, or "" when none
 * @param modelId              model id
 * @param operation            API operation
 * @param format               source format
 * @param policyVersion        content hash of the policy that judged it
 * @param source               source object and line
 * @param recordTimestamp      the record's own timestamp, or null
 * @param systemPrompt         system prompt, truncated to the store's budget
 * @param prompt               prompt, truncated to the store's budget
 * @param output               output, truncated to the store's budget
 * @param truncated            true when any text field was truncated (the source URI holds the full record)
 * @param stopReason           stop reason
 * @param guardrailAction      guardrail action, or null
 * @param inputTokens          input tokens, or null
 * @param outputTokens         output tokens, or null
 * @param requestMetadata      application tags
 * @param createdAt            when ingest first judged it
 * @param dueAt                createdAt plus the lane's SLA
 */
public record ReviewRecord(
        String id,
        ReviewStatus status,
        Lane lane,
        Severity severity,
        List<String> categories,
        List<String> ruleIds,
        List<Evidence> evidence,
        double inclusionProbability,
        String selectionReason,
        String route,
        String modelId,
        String operation,
        String format,
        String policyVersion,
        SourceRef source,
        String recordTimestamp,
        String systemPrompt,
        String prompt,
        String output,
        boolean truncated,
        String stopReason,
        String guardrailAction,
        Integer inputTokens,
        Integer outputTokens,
        Map<String, String> requestMetadata,
        Instant createdAt,
        Instant dueAt) {

    public ReviewRecord {
        categories = List.copyOf(categories);
        ruleIds = List.copyOf(ruleIds);
        evidence = List.copyOf(evidence);
        requestMetadata = Map.copyOf(requestMetadata);
    }
}
