package dev.secondlook.core.feedback;

import java.util.List;

/**
 * One off-policy output turned into a private eval case, version 1 (schema:
 * {@code contracts/eval-case.v1.schema.json}). Its id is the review id: one case per reviewed record.
 *
 * @param schema            {@code secondlook.eval-case/v1}
 * @param caseId            the review id
 * @param prompt            the prompt the model answered
 * @param systemPrompt      the system prompt, "" when none
 * @param offPolicyOutput   what the model said
 * @param correctedResponse the reviewer's correction, or null
 * @param labels            categories the reviewer assigned
 * @param severity          severity the reviewer assigned
 * @param note              the reviewer's note, or null
 * @param provenance        where it came from
 */
public record EvalCase(String schema, String caseId, String prompt, String systemPrompt, String offPolicyOutput,
                       String correctedResponse, List<String> labels, String severity, String note,
                       Provenance provenance) {

    public static final String SCHEMA = "secondlook.eval-case/v1";

    public EvalCase {
        labels = List.copyOf(labels);
    }

    /**
     * @param reviewId      review id
     * @param sourceUri     {@code s3://bucket/key#L<line>} of the original log record
     * @param modelId       model that produced the output
     * @param route         route
     * @param policyVersion policy version that selected it
     * @param ruleIds       rules that fired
     * @param reviewer      who gave the verdict (authenticated identity)
     * @param reviewedAt    when (ISO-8601)
     */
    public record Provenance(String reviewId, String sourceUri, String modelId, String route, String policyVersion,
                             List<String> ruleIds, String reviewer, String reviewedAt) {

        public Provenance {
            ruleIds = List.copyOf(ruleIds);
        }
    }
}
