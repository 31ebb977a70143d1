package dev.secondlook.core.model;

/** Life cycle of a review record. Only PENDING records may ever be rewritten by a replayed ingest. */
public enum ReviewStatus {
    PENDING, IN_REVIEW, REVIEWED
}
