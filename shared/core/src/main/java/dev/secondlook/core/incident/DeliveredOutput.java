package dev.secondlook.core.incident;

import java.util.List;

/**
 * An output that reached its customer and was then judged off-policy by a reviewer: what an incident is opened
 * from. A held output that was blocked or edited before delivery never becomes one.
 *
 * @param reviewId      the review
 * @param categories    the reviewer's categories
 * @param reviewer      who gave the verdict
 * @param route         route
 * @param modelId       model
 * @param policyVersion policy version that selected it
 * @param lane          the lane it was reviewed in
 * @param sourceUri     where its log record (or check) is
 * @param requestId     the application's request id, or null
 * @param deliveredAt   when the customer got it
 * @param firstLookAt   when a reviewer first claimed it, or null when unknown
 * @param verdictAt     when the verdict was given
 */
public record DeliveredOutput(String reviewId, List<String> categories, String reviewer, String route,
                              String modelId, String policyVersion, String lane, String sourceUri, String requestId,
                              String deliveredAt, String firstLookAt, String verdictAt) {

    public DeliveredOutput {
        categories = List.copyOf(categories);
    }
}
