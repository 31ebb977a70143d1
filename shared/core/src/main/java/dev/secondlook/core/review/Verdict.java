package dev.secondlook.core.review;

import dev.secondlook.core.model.HoldDecision;

import java.util.List;
import java.util.Set;

/**
 * A reviewer's verdict. Validated on construction.
 *
 * <p>On a held output (the hold lane) the verdict also decides what the application delivers: {@code decision}
 * approve, edit (with {@code editedOutput}, the text to deliver) or block. The outcome may then be left out: approve
 * means on-policy, edit and block off-policy. A verdict on any other record has no decision, as before.
 *
 * @param outcome           {@code on-policy} or {@code off-policy}
 * @param categories        categories the reviewer assigns (at most 20)
 * @param severity          {@code page}, {@code review}, {@code sample} or {@code none}
 * @param note              free text, at most 4,000 characters, or null
 * @param correctedResponse what the model should have said, at most 100,000 characters, or null
 * @param decision          what becomes of a held output, or null
 * @param editedOutput      the text to deliver instead (decision edit only), at most 100,000 characters, or null
 */
public record Verdict(String outcome, List<String> categories, String severity, String note,
                      String correctedResponse, HoldDecision decision, String editedOutput) {

    private static final Set<String> OUTCOMES = Set.of("on-policy", "off-policy");
    private static final Set<String> SEVERITIES = Set.of("page", "review", "sample", "none");
    private static final int MAX_TEXT = 100_000;

    public Verdict {
        if ((outcome == null || outcome.isEmpty()) && decision != null) {
            outcome = decision == HoldDecision.APPROVE ? "on-policy" : "off-policy";
        }
        if (!OUTCOMES.contains(outcome)) {
            throw new InvalidRequestException("outcome must be on-policy or off-policy");
        }
        categories = categories == null ? List.of() : List.copyOf(categories);
        if (categories.size() > 20 || categories.stream().anyMatch(c -> c == null || c.isBlank() || c.length() > 64)) {
            throw new InvalidRequestException("categories: at most 20 non-blank names of up to 64 characters");
        }
        severity = severity == null ? "none" : severity;
        if (!SEVERITIES.contains(severity)) {
            throw new InvalidRequestException("severity must be page, review, sample or none");
        }
        if (note != null && note.length() > 4000) {
            throw new InvalidRequestException("note: at most 4000 characters");
        }
        if (correctedResponse != null && correctedResponse.length() > MAX_TEXT) {
            throw new InvalidRequestException("correctedResponse: at most 100000 characters");
        }
        if (decision == HoldDecision.EDIT && (editedOutput == null || editedOutput.isBlank())) {
            throw new InvalidRequestException("decision edit needs editedOutput: the text to deliver instead");
        }
        if (decision != HoldDecision.EDIT && editedOutput != null) {
            throw new InvalidRequestException("editedOutput goes with decision edit only");
        }
        if (editedOutput != null && editedOutput.length() > MAX_TEXT) {
            throw new InvalidRequestException("editedOutput: at most 100000 characters");
        }
    }

    /** A verdict on a record that holds no output (every verdict before the gate). */
    public Verdict(String outcome, List<String> categories, String severity, String note, String correctedResponse) {
        this(outcome, categories, severity, note, correctedResponse, null, null);
    }

    /** This verdict with other categories. */
    public Verdict withCategories(List<String> c) {
        return new Verdict(outcome, c, severity, note, correctedResponse, decision, editedOutput);
    }

    /** This verdict with a decision on a held output. */
    public Verdict withDecision(HoldDecision d) {
        return new Verdict(outcome, categories, severity, note, correctedResponse, d, editedOutput);
    }

    /**
     * The decision a verdict without one implies for a held output (a client that predates the gate): on-policy
     * approves it, off-policy blocks it; an edit is only ever explicit.
     */
    public HoldDecision impliedDecision() {
        return decision != null ? decision : outcome.equals("on-policy") ? HoldDecision.APPROVE : HoldDecision.BLOCK;
    }
}
