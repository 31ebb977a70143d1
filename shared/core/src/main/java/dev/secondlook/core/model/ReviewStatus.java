package dev.secondlook.core.model;

/**
 * Life cycle of a review record. A replayed ingest never rewrites a record that exists (it checks the ids first).
 * A record selected
 * for double review goes back to PENDING after its first independent review (for another reviewer), and ends
 * REVIEWED when the second agrees, or DISPUTED, for a lead to adjudicate, when it does not.
 */
public enum ReviewStatus {
    PENDING, IN_REVIEW, REVIEWED, DISPUTED
}
