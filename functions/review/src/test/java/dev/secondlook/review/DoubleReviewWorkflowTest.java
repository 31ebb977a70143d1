package dev.secondlook.review;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.secondlook.aws.dynamodb.ReviewTableSchema;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.policy.DoubleReview;
import dev.secondlook.core.policy.PolicyLoader;
import dev.secondlook.core.review.ClaimConflictException;
import dev.secondlook.core.review.ForbiddenException;
import dev.secondlook.core.review.Reviewer;
import dev.secondlook.core.review.ReviewView;
import dev.secondlook.core.review.ReviewWorkflow;
import dev.secondlook.core.review.Verdict;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double review on the workflow with in-memory ports (the same conditions as the DynamoDB adapter, retries
 * included): a record the policy selects goes to two reviewers, the second does not see the first verdict, the
 * first cannot take the second, and a disagreement waits for a lead who reviewed neither.
 */
class DoubleReviewWorkflowTest {

    private static final String PAGE_ID = "7b3e1c2a-0006-4e5f-9a1b-000000000006";
    private static final Reviewer ALICE = new Reviewer("alice", false);
    private static final Reviewer BOB = new Reviewer("bob", false);
    private static final Reviewer CAROL = new Reviewer("carol", false);
    private static final Reviewer DANA = new Reviewer("dana", true);
    private static final Verdict OFF = new Verdict("off-policy", List.of("secret-leak"), "page", "alice: a live key",
            null);
    private static final Verdict ON = new Verdict("on-policy", List.of(), "none", "bob: the documented example", null);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-08-19T05:30:00Z"));
    private final InMemoryPorts ports = new InMemoryPorts(clock);
    private final ReviewWorkflow workflow = new ReviewWorkflow(ports.inbox, ports.claims, ports.audit,
            Duration.ofMinutes(15), clock, PolicyLoader.defaultCategories(), ReviewWorkflow.DEFAULT_AMEND_WINDOW,
            new DoubleReview(1.0)::selects);

    @BeforeEach
    void oneRecordOnThePriorityQueue() {
        ports.store(EventLoader.loadDynamoDbEvent("../../events/dynamodb-stream-insert.json"));
        ports.send("priority", PAGE_ID, "receipt-1");
    }

    private ReviewView claim(Reviewer r) {
        return workflow.claimNext(r).orElseThrow();
    }

    @Test
    void theFirstVerdict_sendsTheRecordBackForAnotherReviewer_whoDoesNotSeeIt_agreementMakesItReviewed() {
        assertEquals(PAGE_ID, claim(ALICE).id());
        ReviewWorkflow.VerdictResult first = workflow.record(PAGE_ID, ALICE, OFF);
        assertEquals(ReviewWorkflow.Recorded.FIRST_OF_TWO, first.recorded());
        assertEquals("PENDING", ports.items.get(PAGE_ID).get("status"));
        assertEquals(List.of(PAGE_ID), ports.visible("priority"), "a fresh pointer for the second reviewer");
        assertEquals(ReviewWorkflow.Recorded.FIRST_OF_TWO, workflow.record(PAGE_ID, ALICE, OFF).recorded(),
                "the same review again (a lost answer) is done already");

        assertEquals(Optional.empty(), workflow.claimNext(ALICE), "alice does not give the second review");
        clock.set(clock.instant().plusSeconds(61));
        ReviewView forBob = claim(BOB);
        assertEquals(PAGE_ID, forBob.id(), "the pointer alice met comes back for someone else");
        assertEquals(List.of(), forBob.independentReviews(), "bob does not see alice's verdict");
        assertNull(forBob.verdict());
        assertNull(forBob.reviewedBy());

        Verdict bobsOff = new Verdict("off-policy", List.of("secret-leak"), "page", "bob agrees", null);
        assertEquals(ReviewWorkflow.Recorded.REVIEWED, workflow.record(PAGE_ID, BOB, bobsOff).recorded());
        assertEquals("REVIEWED", ports.items.get(PAGE_ID).get("status"));
        assertEquals("bob", ports.items.get(PAGE_ID).get("reviewedBy"));
        ReviewView lead = workflow.show(PAGE_ID, DANA);
        assertEquals(List.of("alice", "bob"), lead.independentReviews().stream().map(r -> r.reviewedBy()).toList());
        assertEquals(1, workflow.show(PAGE_ID, ALICE).independentReviews().size(), "alice sees her own only");
        assertThrows(ClaimConflictException.class, () -> workflow.amend(PAGE_ID, BOB, ON),
                "an agreed double review is changed by a lead, not amended");
    }

    @Test
    void aDisagreement_waitsForALeadWhoReviewedNeither() {
        claim(ALICE);
        workflow.record(PAGE_ID, ALICE, OFF);
        clock.set(clock.instant().plusSeconds(61));
        claim(BOB);
        assertEquals(ReviewWorkflow.Recorded.DISPUTED, workflow.record(PAGE_ID, BOB, ON).recorded());
        assertEquals(ReviewWorkflow.Recorded.DISPUTED, workflow.record(PAGE_ID, BOB, ON).recorded(), "a retry");
        assertEquals("DISPUTED", ports.items.get(PAGE_ID).get("status"));
        assertNull(ports.items.get(PAGE_ID).get("verdict"), "no verdict of the record's yet: no eval case");
        assertEquals(List.of(PAGE_ID), workflow.list(DANA, ReviewStatus.DISPUTED, null, null, null, 10).items()
                .stream().map(i -> i.id()).toList(), "leads find it among the disputed");
        assertEquals(Optional.empty(), workflow.claimNext(CAROL), "nobody else takes it from the queue");

        assertThrows(ClaimConflictException.class, () -> workflow.record(PAGE_ID, CAROL, OFF));
        Reviewer aliceAsLead = new Reviewer("alice", true);
        Verdict settled = new Verdict("off-policy", List.of("secret-leak"), "page", "settled", null);
        assertThrows(ForbiddenException.class, () -> workflow.record(PAGE_ID, aliceAsLead, settled),
                "a lead who gave one of the two reviews does not settle it");
        assertEquals(ReviewWorkflow.Recorded.REVIEWED, workflow.record(PAGE_ID, DANA, settled).recorded());
        assertEquals("REVIEWED", ports.items.get(PAGE_ID).get("status"));
        assertEquals("dana", ports.items.get(PAGE_ID).get("adjudicatedBy"));
        assertEquals(2, ReviewTableSchema.independentReviews(InMemoryPorts.item(ports.items.get(PAGE_ID))).size(),
                "both independent reviews stay for the agreement figures");
    }

    @Test
    void aLeadGivingTheSecondReview_doesNotSeeTheFirstEither_butSeesBothOnceItIsGiven() {
        claim(ALICE);
        workflow.record(PAGE_ID, ALICE, OFF);
        ReviewView forDana = workflow.claim(PAGE_ID, DANA);
        assertEquals(List.of(), forDana.independentReviews(), "a lead reviewing second is blind to the first too");
        assertEquals(List.of(), workflow.show(PAGE_ID, DANA).independentReviews());
        assertEquals(ReviewWorkflow.Recorded.REVIEWED, workflow.record(PAGE_ID, DANA,
                new Verdict("off-policy", List.of("secret-leak"), "page", null, null)).recorded());
        assertEquals(2, workflow.show(PAGE_ID, DANA).independentReviews().size());
    }

    @Test
    void aLeadReadingTheRecordBeforeTheSecondReview_seesNoFirstReview() {
        claim(ALICE);
        workflow.record(PAGE_ID, ALICE, OFF);
        assertEquals(List.of(), workflow.show(PAGE_ID, DANA).independentReviews(),
                "pending: a lead who may take the second review sees no first one");
    }

    @Test
    void aRetriedFirstReview_afterAnotherReviewerClaimedIt_leavesTheirMessageAlone() {
        claim(ALICE);
        workflow.record(PAGE_ID, ALICE, OFF);
        clock.set(clock.instant().plusSeconds(1));
        assertEquals(PAGE_ID, claim(BOB).id());
        Object bobsReceipt = ports.items.get(PAGE_ID).get("claimReceipt");
        int before = ports.queues.get("priority").size();
        assertEquals(ReviewWorkflow.Recorded.FIRST_OF_TWO, workflow.record(PAGE_ID, ALICE, OFF).recorded());
        assertEquals(before, ports.queues.get("priority").size(), "no pointer sent, none deleted");
        assertTrue(ports.queues.get("priority").stream().anyMatch(m -> m.receipt.equals(bobsReceipt)),
                "bob's message is still his");
        assertEquals(ReviewWorkflow.Recorded.REVIEWED, workflow.record(PAGE_ID, BOB, OFF).recorded());
    }

    @Test
    void aRecordWithAFirstReview_staysDoubled_whenThePolicyNoLongerSelectsIt() {
        claim(ALICE);
        workflow.record(PAGE_ID, ALICE, OFF);
        ReviewWorkflow off = new ReviewWorkflow(ports.inbox, ports.claims, ports.audit, Duration.ofMinutes(15), clock,
                PolicyLoader.defaultCategories(), ReviewWorkflow.DEFAULT_AMEND_WINDOW, id -> false);
        clock.set(clock.instant().plusSeconds(61));
        assertEquals(PAGE_ID, off.claimNext(BOB).orElseThrow().id());
        assertEquals(ReviewWorkflow.Recorded.DISPUTED, off.record(PAGE_ID, BOB, ON).recorded(),
                "the second review is compared with the first, not taken as the only one");
    }

    @Test
    void anOutputTheGateHolds_isDecidedByOneReviewer_neverDoubled() {
        ports.items.get(PAGE_ID).put("checkStatus", "held");
        ports.items.get(PAGE_ID).put("holdUntil", "2026-08-19T06:00:00Z");
        ports.items.get(PAGE_ID).put("holdOnTimeout", "block");
        ports.items.get(PAGE_ID).put("holdPending", "held");
        claim(ALICE);
        assertEquals(ReviewWorkflow.Recorded.REVIEWED, workflow.record(PAGE_ID, ALICE, OFF).recorded());
        assertEquals("blocked", ports.items.get(PAGE_ID).get("checkStatus"), "the application has its answer");
        assertEquals(null, ports.items.get(PAGE_ID).get("firstReviewBy"));
    }

    @Test
    void aLeadsClaimById_refusesTheFirstReviewer() {
        claim(ALICE);
        workflow.record(PAGE_ID, ALICE, OFF);
        Reviewer aliceAsLead = new Reviewer("alice", true);
        ClaimConflictException e = assertThrows(ClaimConflictException.class,
                () -> workflow.claim(PAGE_ID, aliceAsLead));
        assertTrue(e.getMessage().contains("first independent review"), e.getMessage());
    }

    @Test
    void theShareSelected_isTheConfiguredFraction_andTheSameEveryTime() {
        DoubleReview tenth = new DoubleReview(0.1);
        int selected = 0;
        for (int i = 0; i < 20_000; i++) {
            String id = "rec-" + i;
            selected += tenth.selects(id) ? 1 : 0;
            assertEquals(tenth.selects(id), tenth.selects(id));
        }
        // binomial(20000, 0.1): sd 42; 5 sd either side
        assertTrue(Math.abs(selected - 2000) < 215, "selected " + selected);
        assertEquals(false, DoubleReview.OFF.selects("rec-1"));
    }
}
