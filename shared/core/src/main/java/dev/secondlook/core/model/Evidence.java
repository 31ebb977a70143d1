package dev.secondlook.core.model;

/**
 * Why a rule fired: the rule, the field and the matched span (char offsets, end exclusive) with a short excerpt.
 * Excerpts of secrets are masked before they are stored.
 */
public record Evidence(String ruleId, String category, String field, int start, int end, String excerpt) {

    /**
     * How a masked excerpt ends: the policy masks a secret, or the match of a rule with {@code maskEvidence}, as
     * stars, at most its last four characters and {@code " (<length> chars, masked)"}.
     */
    public static final String MASKED_SUFFIX = " chars, masked)";

    /**
     * Whether the policy masked this span: its text is a secret or an identifier, to be masked wherever the text
     * leaves the review table. Read from the excerpt, which is where stored records have always said so; an
     * unmasked excerpt can only look masked if the matched text itself ends that way, which masks more, never less.
     * Not a JSON property of the record.
     */
    public boolean masked() {
        return excerpt != null && excerpt.endsWith(MASKED_SUFFIX);
    }
}
