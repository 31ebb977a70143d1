package dev.secondlook.core.route;

import dev.secondlook.core.model.Severity;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.Timestamps;

import java.util.List;

/**
 * The review queue message, version 2 (schema: {@code contracts/review-queue-message.v2.schema.json}): a pointer
 * to the record; its content stays in DynamoDB. Version 2 adds the hold lane (its own queue, claimed first).
 */
public record QueueMessage(String schema, String reviewId, Lane lane, Severity severity, List<String> categories,
                           String dueAt, String createdAt) {

    public static final String SCHEMA = "secondlook.review-queue-message/v2";

    public static QueueMessage of(ReviewSummary r) {
        return new QueueMessage(SCHEMA, r.reviewId(), r.lane(), r.severity(), r.categories(),
                Timestamps.format(r.dueAt()), Timestamps.format(r.createdAt()));
    }
}
