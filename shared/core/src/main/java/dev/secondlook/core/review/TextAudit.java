package dev.secondlook.core.review;

/**
 * Port: the audit trail of who read customer text. Every time the workflow hands out a record's text (a claim,
 * a show), it is recorded here first: review id, caller, and how.
 */
public interface TextAudit {

    /**
     * Records that {@code caller} is being shown the text of {@code reviewId}.
     *
     * @param how {@code claim} or {@code show}
     */
    void textShown(String reviewId, String caller, String how);
}
