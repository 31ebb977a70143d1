package dev.secondlook.core.feedback;

import java.util.List;

/**
 * One off-policy output turned into a private eval case, version 2 (schema:
 * {@code contracts/eval-case.v2.schema.json}). Its id is the review id: one case per reviewed record. Its texts
 * come with the spans the policy masked already masked, except the categories the operator opted in to keep in
 * clear; {@link #masking()} says which were masked and where the ones kept in clear are, so that an export can
 * still mask them. Version 1 had no {@code masking}: its texts were stored as the model wrote them.
 *
 * @param schema            {@code secondlook.eval-case/v2}
 * @param caseId            the review id
 * @param prompt            the prompt the model answered
 * @param systemPrompt      the system prompt, "" when none
 * @param offPolicyOutput   what the model said
 * @param correctedResponse the reviewer's correction, or null
 * @param labels            categories the reviewer assigned
 * @param severity          severity the reviewer assigned
 * @param note              the reviewer's note, or null
 * @param provenance        where it came from
 * @param masking           what was masked, and what was kept in clear; null only in a version 1 case
 * @param incidentId        the incident the output opened (it had reached a customer), or null
 */
public record EvalCase(String schema, String caseId, String prompt, String systemPrompt, String offPolicyOutput,
                       String correctedResponse, List<String> labels, String severity, String note,
                       Provenance provenance, Masking masking, String incidentId) {

    public static final String SCHEMA = "secondlook.eval-case/v2";

    /** The names of the text fields, as {@link ClearSpan#field()} gives them. */
    public static final List<String> TEXT_FIELDS = List.of("prompt", "systemPrompt", "offPolicyOutput",
            "correctedResponse", "note");

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

    /**
     * @param maskedCategories categories whose spans were masked in the texts, sorted
     * @param inClear          spans kept in clear because the operator opted in to their category
     */
    public record Masking(List<String> maskedCategories, List<ClearSpan> inClear) {

        public Masking {
            maskedCategories = List.copyOf(maskedCategories);
            inClear = List.copyOf(inClear);
        }
    }

    /**
     * A span of a case's text the policy masked but the operator kept in clear.
     *
     * @param field    one of {@link #TEXT_FIELDS}
     * @param start    char offset in that field's text
     * @param end      end offset, exclusive
     * @param category the category of the rule that masked it
     */
    public record ClearSpan(String field, int start, int end, String category) {
    }
}
