package dev.secondlook.core.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.ingest.ReviewRecords;
import dev.secondlook.core.judge.JudgeBudget;
import dev.secondlook.core.judge.RecordJudge;
import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ReviewRecord;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyLoader;
import dev.secondlook.core.policy.Sampler;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckOutputTest {

    static final String POLICY = """
            policy: gate-test
            sampling: {salt: s, defaultRate: 0.5}
            hold:
              categories: [secret-leak]
              routes: ["billing/refund*"]
              timeoutSeconds: 300
              onTimeout: block
              fallback: "A colleague will get back to you."
              byRoute:
                - {route: "docs/*", timeoutSeconds: 30, onTimeout: deliver}
            rules:
              - {id: key, category: secret-leak, outcome: page, maskEvidence: true,
                 when: {detector: {types: [aws-access-key]}}}
              - {id: promise, category: commitment, outcome: review, when: {keywords: [i promise you]}}
            """;
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final String APP = "arn:aws:iam::123456789012:role/app";

    final InMemoryCheckStore store = new InMemoryCheckStore();
    final Policy policy = PolicyLoader.load(POLICY);
    final CheckOutput gate = new CheckOutput(new RecordJudge(RecordNormalizer.offline(), policy,
            JudgeBudget.defaults(), new ObjectMapper()), store, GateSettings.defaults(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    static CheckRequest request(String id, String route, String output) {
        return new CheckRequest(id, route, "anthropic.claude", "You are helpful.", "Hi", output, Map.of("tenant", "t1"));
    }

    /** A request id the policy's 50% sample leaves out (and one it takes), found the way ingest decides. */
    static String unsampledId(boolean sampled) {
        for (int i = 0; ; i++) {
            if (Sampler.selected("s", "req-" + i, 0.5) == sampled) {
                return "req-" + i;
            }
        }
    }

    @Test
    void aBenignOutputNotSampled_isDelivered_withNoWrite() {
        CheckResult r = gate.check(request(unsampledId(false), "support", "Our store opens at 9am."), APP);
        assertEquals(CheckDecision.DELIVER, r.decision());
        assertNull(r.reviewId());
        assertNull(r.expiresAt());
        assertEquals(0, store.writes + store.reads, "the deliver path makes no store call");
        assertEquals(policy.version(), r.policyVersion());
    }

    @Test
    void aSampledOutput_isDelivered_withItsRecordWrittenOnce_inTheLaneIngestWouldChoose() {
        String id = unsampledId(true);
        CheckResult r = gate.check(request(id, "support", "Our store opens at 9am."), APP);
        assertEquals(CheckDecision.DELIVER, r.decision());
        assertEquals(id, r.reviewId());
        assertEquals(1, store.writes);
        ReviewRecord record = store.items.get(id).record();
        assertEquals(Lane.ROUTINE, record.lane());
        assertEquals(0.5, record.inclusionProbability());
        assertNull(store.items.get(id).hold());
    }

    @Test
    void aCommitment_isDelivered_andReviewedInThePriorityLane() {
        CheckResult r = gate.check(request("req-c", "support", "I promise you a refund."), APP);
        assertEquals(CheckDecision.DELIVER, r.decision());
        assertEquals(Lane.PRIORITY, store.items.get("req-c").record().lane());
    }

    @Test
    void anAwsKey_isHeld_inTheHoldLane_onItsRoutesTerms() {
        CheckResult r = gate.check(request("req-k", "support", "Use AKIAQYLPMN5HFIQR7XB2 to log in."), APP);
        assertEquals(CheckDecision.HOLD, r.decision());
        assertEquals("req-k", r.checkId());
        assertEquals("req-k", r.reviewId());
        assertEquals("2026-12-01T10:05:00.000Z", r.expiresAt());
        assertEquals(java.util.List.of("secret-leak"), r.categories());
        assertEquals(java.util.List.of("key"), r.rules());
        InMemoryCheckStore.Item item = store.items.get("req-k");
        assertEquals(Lane.HOLD, item.record().lane());
        assertEquals(Severity.PAGE, item.record().severity());
        assertEquals(CheckOutput.HOLD_REASON, item.record().selectionReason());
        assertEquals(1.0, item.record().inclusionProbability());
        assertEquals(NOW.plus(GateSettings.defaults().holdSla()), item.record().dueAt());
        assertEquals(CheckStatus.HELD, item.hold().status());
        assertEquals(APP, item.caller());
        assertEquals("A colleague will get back to you.", item.hold().fallback());
        assertEquals(1, store.writes);
    }

    @Test
    void aHoldingRoute_holdsABenignOutput_asReviewSeverity() {
        CheckResult r = gate.check(request(unsampledId(false), "billing/refund/eu", "Your refund is on its way."),
                APP);
        assertEquals(CheckDecision.HOLD, r.decision());
        assertEquals(Severity.REVIEW, store.items.get(r.checkId()).record().severity());
    }

    @Test
    void theSameRequestTwice_isOneCheck_withTheSameIdAndDecision() {
        CheckRequest req = request("req-twice", "support", "Use AKIAQYLPMN5HFIQR7XB2 to log in.");
        CheckResult first = gate.check(req, APP);
        CheckResult again = gate.check(req, APP);
        assertEquals(first, again);
        assertEquals(1, store.items.size());
    }

    @Test
    void anotherRequestUnderTheSameId_isAConflict() {
        gate.check(request("req-x", "support", "Use AKIAQYLPMN5HFIQR7XB2 to log in."), APP);
        assertThrows(CheckConflictException.class,
                () -> gate.check(request("req-x", "support", "Use AKIAI44QH8DHBEXAMPLE instead."), APP));
    }

    @Test
    void aRecordIngestWroteFirst_isDeliveredAsRecorded_butCannotBeHeldAfterTheFact() {
        CheckRequest sampled = request(unsampledId(true), "support", "Fine.");
        ReviewRecord logged = ReviewRecords.build(sampled.interaction("route"), policy.judge(sampled.interaction(
                "route")), new ReviewRecords.Selection(Severity.SAMPLE, Lane.ROUTINE, 0.5, "sample"), "v0", NOW, NOW,
                1000).record();
        store.putFromIngest(logged);
        CheckResult r = gate.check(sampled, APP);
        assertEquals(CheckDecision.DELIVER, r.decision());
        assertEquals(logged.id(), r.reviewId());

        CheckRequest secret = request("req-logged", "support", "Use AKIAQYLPMN5HFIQR7XB2 to log in.");
        store.putFromIngest(ReviewRecords.build(secret.interaction("route"), policy.judge(secret.interaction("route")),
                new ReviewRecords.Selection(Severity.PAGE, Lane.PRIORITY, 1, "rule"), "v0", NOW, NOW, 1000).record());
        assertThrows(CheckConflictException.class, () -> gate.check(secret, APP));
    }

    @Test
    void anOutputOverTheJudgeBudget_isHeld_failingClosed() {
        Policy p = PolicyLoader.load(POLICY);
        CheckOutput tight = new CheckOutput(new RecordJudge(RecordNormalizer.offline(), p,
                new JudgeBudget(10, Duration.ofSeconds(1)), new ObjectMapper()), store, GateSettings.defaults(),
                Clock.fixed(NOW, ZoneOffset.UTC));
        CheckResult r = tight.check(request("req-big", "support", "A perfectly harmless but long answer."), APP);
        assertEquals(CheckDecision.HOLD, r.decision());
        assertNotNull(store.items.get("req-big").hold());
    }

    @Test
    void theCheckId_isTheReviewIdIngestComputes_evenForAnOverlongRequestId() {
        String longId = "r".repeat(400);
        CheckResult r = gate.check(request(longId, "support", "Use AKIAQYLPMN5HFIQR7XB2 to log in."), APP);
        assertEquals(ReviewRecords.reviewId(longId), r.checkId());
        assertTrue(r.checkId().length() <= 256);
    }

    @Test
    void malformedRequests_areRefused_namingTheField() {
        assertTrue(assertThrows(InvalidCheckException.class, () -> request(" ", "r", "x")).getMessage()
                .startsWith("requestId"));
        assertTrue(assertThrows(InvalidCheckException.class, () -> request("id", "r", null)).getMessage()
                .startsWith("output"));
        assertTrue(assertThrows(InvalidCheckException.class,
                () -> request("id", "r", "x".repeat(CheckRequest.MAX_OUTPUT_BYTES + 1))).getMessage()
                .startsWith("output: at most"));
    }
}
