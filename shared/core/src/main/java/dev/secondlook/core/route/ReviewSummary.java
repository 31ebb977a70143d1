package dev.secondlook.core.route;

import dev.secondlook.core.model.Severity;
import dev.secondlook.core.model.Lane;
import java.time.Instant;
import java.util.List;

/**
 * What leaves the review table about one record: identifiers and labels only, never prompt or output text.
 *
 * @param reviewId      review id
 * @param lane          review lane
 * @param severity      how urgent
 * @param categories    categories that fired
 * @param route         route, "" when none
 * @param modelId       model id
 * @param policyVersion policy version that judged it
 * @param createdAt     when it was written
 * @param dueAt         when its review is due
 */
public record ReviewSummary(String reviewId, Lane lane, Severity severity, List<String> categories, String route,
                            String modelId, String policyVersion, Instant createdAt, Instant dueAt) {

    public ReviewSummary {
        categories = List.copyOf(categories);
    }
}
