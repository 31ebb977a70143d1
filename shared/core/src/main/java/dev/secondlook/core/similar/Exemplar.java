package dev.secondlook.core.similar;

import java.util.Objects;

/**
 * An output of a known category that others are compared with.
 *
 * @param category   the policy category it is an example of
 * @param text       the output text
 * @param provenance where it comes from: {@code eval case <case id>} or {@code policy example <category>#<n>};
 *                   the evidence of a match names it
 * @param caseId     the eval case id, or null for a written example of the policy
 * @param counter    a counter-example: an output that looks like the category but is not in it (a near miss a
 *                   reviewer passed); an output closer to a written counter-example than to every exemplar is not
 *                   matched, and a passed case counts only against outputs that nearly repeat it
 *                   ({@link ExemplarIndex#PASSED_CASE_CLOSENESS})
 */
public record Exemplar(String category, String text, String provenance, String caseId, boolean counter) {

    public Exemplar {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(provenance, "provenance");
    }

    public static Exemplar ofEvalCase(String category, String text, String caseId) {
        return new Exemplar(category, text, "eval case " + caseId, caseId, false);
    }

    public static Exemplar written(String category, String text, int index) {
        return new Exemplar(category, text, "policy example " + category + "#" + index, null, false);
    }

    /** A written counter-example of the policy. */
    public static Exemplar counterExample(String category, String text, int index) {
        return new Exemplar(category, text, "policy counter-example " + category + "#" + index, null, true);
    }

    /** A near miss a reviewer passed (an on-policy verdict on an output of the category's kind). */
    public static Exemplar passedCase(String category, String text, String caseId) {
        return new Exemplar(category, text, "passed case " + caseId, caseId, true);
    }
}
