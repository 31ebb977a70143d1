package dev.secondlook.core.route;

import java.time.Instant;
import java.util.List;

/**
 * What leaves the review table about one record: identifiers and labels only, never prompt or output text.
 *
 * @param reviewId      review id
 * @param lane          {@code priority} or {@code routine}
 * @param severity      {@code page}, {@code review} or {@code sample}
 * @param categories    categories that fired
 * @param route         route, "" when none
 * @param modelId       model id
 * @param policyVersion policy version that judged it
 * @param createdAt     when it was written
 * @param dueAt         when its review is due
 */
public record ReviewSummary(String reviewId, String lane, String severity, List<String> categories, String route,
                            String modelId, String policyVersion, Instant createdAt, Instant dueAt) {

    public ReviewSummary {
        categories = List.copyOf(categories);
    }
}
