package dev.secondlook.core.feedback;

import dev.secondlook.core.model.Evidence;

import java.util.List;

/**
 * A review record after its verdict, as the feedback path sees it.
 *
 * @param outcome           {@code on-policy} or {@code off-policy}
 * @param labels            the reviewer's categories
 * @param correctedResponse the reviewer's correction, or null
 * @param evidence          where the policy's rules fired; the masked entries say which spans are sensitive
 */
public record ReviewedRecord(String reviewId, String prompt, String systemPrompt, String output, String outcome,
                             List<String> labels, String severity, String note, String correctedResponse,
                             String sourceUri, String modelId, String route, String policyVersion,
                             List<String> ruleIds, String reviewer, String reviewedAt, List<Evidence> evidence) {

    public ReviewedRecord {
        evidence = List.copyOf(evidence);
    }
}
