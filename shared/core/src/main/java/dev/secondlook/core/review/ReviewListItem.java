package dev.secondlook.core.review;

import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.model.Severity;

import java.util.List;

/**
 * One line of a review listing (schema: {@code contracts/review-list.v1.schema.json}): labels only, never text.
 *
 * @param id             review id
 * @param status         life-cycle status
 * @param lane           review lane
 * @param severity       how urgent
 * @param categories     categories the policy assigned
 * @param route          the application route, "" when none
 * @param modelId        model id
 * @param policyVersion  the policy version that judged it
 * @param createdAt      when it was written (ISO-8601)
 * @param dueAt          when its review is due (ISO-8601)
 * @param slaEscalatedAt when an SLA breach was paged, or null
 */
public record ReviewListItem(String id, ReviewStatus status, Lane lane, Severity severity, List<String> categories,
                             String route, String modelId, String policyVersion, String createdAt, String dueAt,
                             String slaEscalatedAt) {

    public ReviewListItem {
        categories = List.copyOf(categories);
    }
}
