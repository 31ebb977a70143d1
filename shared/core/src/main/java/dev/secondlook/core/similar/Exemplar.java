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
 */
public record Exemplar(String category, String text, String provenance, String caseId) {

    public Exemplar {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(provenance, "provenance");
    }

    public static Exemplar ofEvalCase(String category, String text, String caseId) {
        return new Exemplar(category, text, "eval case " + caseId, caseId);
    }

    public static Exemplar written(String category, String text, int index) {
        return new Exemplar(category, text, "policy example " + category + "#" + index, null);
    }
}
