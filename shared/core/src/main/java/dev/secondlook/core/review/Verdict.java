package dev.secondlook.core.review;

import java.util.List;
import java.util.Set;

/**
 * A reviewer's verdict. Validated on construction.
 *
 * @param outcome           {@code on-policy} or {@code off-policy}
 * @param categories        categories the reviewer assigns (at most 20)
 * @param severity          {@code page}, {@code review}, {@code sample} or {@code none}
 * @param note              free text, at most 4,000 characters, or null
 * @param correctedResponse what the model should have said, at most 100,000 characters, or null
 */
public record Verdict(String outcome, List<String> categories, String severity, String note,
                      String correctedResponse) {

    private static final Set<String> OUTCOMES = Set.of("on-policy", "off-policy");
    private static final Set<String> SEVERITIES = Set.of("page", "review", "sample", "none");

    public Verdict {
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
        if (correctedResponse != null && correctedResponse.length() > 100_000) {
            throw new InvalidRequestException("correctedResponse: at most 100000 characters");
        }
    }
}
