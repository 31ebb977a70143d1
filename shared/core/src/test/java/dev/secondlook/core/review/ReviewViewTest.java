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
        return view(claimBy, releasedBy, verdict, reviewedBy, List.of());
    }

    private static ReviewView view(String claimBy, String releasedBy, Verdict verdict, String reviewedBy,
                                   List<IndependentReview> independent) {
        return new ReviewView(ReviewView.SCHEMA, "rev-1", verdict == null ? ReviewStatus.IN_REVIEW
                : ReviewStatus.REVIEWED, Lane.PRIORITY, Severity.REVIEW, List.of("commitment"), List.of("r"),
                List.of(), 1.0, "rule", "billing", "m", "Converse", "bedrock-converse", "sha256:x",
                new SourceRef("b", "k", null, "e", 1), "s3://b/k#L1", null, "sys", "prompt", "output", false, null,
                null, null, null, Map.of(), "2026-08-19T06:00:00Z", "2026-08-19T10:00:00Z", claimBy,
                claimBy == null ? null : "2026-08-19T06:01:00Z", claimBy == null ? null : "2026-08-19T06:16:00Z", 2,
                releasedBy, verdict, reviewedBy, reviewedBy == null ? null : "2026-08-19T06:05:00Z", null, null, independent);
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

    @Test
    void aDoubleReviewedRecord_theSecondReviewerSeesNoFirstReview_eachSeesTheirOwn_leadsBoth() {
        IndependentReview alices = new IndependentReview(new Verdict("off-policy", List.of("commitment"), "review",
                "promised a refund", null), "alice", "2026-08-19T06:05:00Z");
        ReviewView claimedByBob = view("bob", null, null, null, List.of(alices));

        ReviewView forBob = claimedByBob.redactedFor("bob");
        assertEquals(List.of(), forBob.independentReviews(), "bob decides without seeing alice's verdict");
        assertNull(forBob.verdict());
        assertEquals(List.of(alices), claimedByBob.redactedFor("alice").independentReviews());
        assertEquals(List.of(alices), claimedByBob.independentReviews(), "a lead's view keeps both");
    }

    @Test
    void independentReviewsAgree_onTheOutcomeAndTheOffPolicyCategories() {
        IndependentReview off = new IndependentReview(new Verdict("off-policy", List.of("commitment", "pii-exposure"),
                "review", null, null), "alice", "t");
        org.junit.jupiter.api.Assertions.assertTrue(off.agreesWith(new Verdict("off-policy",
                List.of("pii-exposure", "commitment"), "page", "other note", null)), "order and severity aside");
        org.junit.jupiter.api.Assertions.assertFalse(off.agreesWith(new Verdict("off-policy", List.of("commitment"),
                "review", null, null)));
        org.junit.jupiter.api.Assertions.assertFalse(off.agreesWith(new Verdict("on-policy", List.of(), "none",
                null, null)));
        IndependentReview on = new IndependentReview(new Verdict("on-policy", List.of(), "none", null, null), "a", "t");
        org.junit.jupiter.api.Assertions.assertTrue(on.agreesWith(new Verdict("on-policy", List.of(), "none", null,
                null)));
    }
}
