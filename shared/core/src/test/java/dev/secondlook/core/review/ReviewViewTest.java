package dev.secondlook.core.review;

import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ReviewViewTest {

    private static ReviewView view(String claimBy, String releasedBy, Verdict verdict, String reviewedBy) {
        return new ReviewView(ReviewView.SCHEMA, "rev-1", verdict == null ? ReviewStatus.IN_REVIEW
                : ReviewStatus.REVIEWED, Lane.PRIORITY, Severity.REVIEW, List.of("commitment"), List.of("r"),
                List.of(), 1.0, "rule", "billing", "m", "Converse", "bedrock-converse", "sha256:x",
                new SourceRef("b", "k", null, "e", 1), "s3://b/k#L1", null, "sys", "prompt", "output", false, null,
                null, null, null, Map.of(), "2026-08-19T06:00:00Z", "2026-08-19T10:00:00Z", claimBy,
                claimBy == null ? null : "2026-08-19T06:01:00Z", claimBy == null ? null : "2026-08-19T06:16:00Z", 2,
                releasedBy, verdict, reviewedBy, reviewedBy == null ? null : "2026-08-19T06:05:00Z", null, null);
    }

    @Test
    void redactedForAReviewer_hidesOtherReviewersIdentitiesAndNotes_keepsTheirOwn() {
        Verdict v = new Verdict("off-policy", List.of("commitment"), "review", "alice's private note", "fix");
        ReviewView judgedByAlice = view(null, "bob", v, "alice");

        ReviewView forBob = judgedByAlice.redactedFor("bob");
        assertNull(forBob.reviewedBy());
        assertNull(forBob.verdict().note());
        assertEquals("off-policy", forBob.verdict().outcome(), "the decision itself is not private");
        assertEquals("bob", forBob.releasedBy(), "what bob did himself stays");
        assertEquals("output", forBob.output());

        ReviewView forAlice = judgedByAlice.redactedFor("alice");
        assertEquals("alice", forAlice.reviewedBy());
        assertEquals("alice's private note", forAlice.verdict().note());
        assertNull(forAlice.releasedBy());
    }

    @Test
    void redactedForAnotherReviewer_hidesWhoHoldsTheClaim() {
        ReviewView heldByAlice = view("alice", null, null, null);
        assertNull(heldByAlice.redactedFor("bob").claimBy());
        assertNull(heldByAlice.redactedFor("bob").leaseExpiresAt());
        assertEquals("alice", heldByAlice.redactedFor("alice").claimBy());
    }
}
