package dev.secondlook.aws.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.gate.Hold;
import dev.secondlook.core.gate.NewCheck;
import dev.secondlook.core.gate.StoredCheck;
import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.model.HoldDecision;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ReviewRecord;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.policy.HoldPolicy;
import dev.secondlook.core.review.ClaimConflictException;
import dev.secondlook.core.review.InvalidRequestException;
import dev.secondlook.core.review.ReviewClaims;
import dev.secondlook.core.review.Verdict;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import dev.secondlook.local.LocalClients;
import dev.secondlook.local.LocalResources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks on the template's ReviewTable in the emulator: one conditional write per check (a retry reads the
 * existing one from the failed condition), the sparse hold index, an expiry that loses to a reviewer who decided
 * first, and a verdict's decision that loses to an expiry.
 */
@ExtendWith(EmulatorExtension.class)
class DynamoDbCheckStoreIT {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static String table;
    private static DynamoDbClient dynamo;
    private static DynamoDbCheckStore checks;
    private static DynamoDbReviewClaims claims;

    @BeforeAll
    static void setUp(Emulator emulator) {
        LocalClients clients = LocalClients.of(emulator);
        table = LocalResources.provision(clients, emulator, "checks-it").reviewTable();
        dynamo = clients.dynamoDb();
        checks = new DynamoDbCheckStore(dynamo, table);
        claims = new DynamoDbReviewClaims(dynamo, table, new ObjectMapper(), Duration.ofDays(180));
    }

    private static NewCheck held(String id, Instant until) {
        ReviewRecord r = ReviewFixtures.record(id, Severity.PAGE, T0, Duration.ofMinutes(10));
        ReviewRecord inHoldLane = new ReviewRecord(r.id(), r.status(), Lane.HOLD, r.severity(), r.categories(),
                r.ruleIds(), r.evidence(), 1.0, "hold", r.route(), r.modelId(), r.operation(), r.format(),
                r.policyVersion(), r.source(), r.recordTimestamp(), r.systemPrompt(), r.prompt(), r.output(),
                r.truncated(), r.stopReason(), r.guardrailAction(), r.inputTokens(), r.outputTokens(),
                r.requestMetadata(), r.createdAt(), r.dueAt());
        return new NewCheck(inHoldLane, "sha256:" + id, "arn:aws:iam::123456789012:user/app",
                new Hold(CheckStatus.HELD, until, HoldPolicy.OnTimeout.BLOCK, "Later.", null, null));
    }

    @Test
    void aCheckIsWrittenOnce_andARetryGetsTheStoredOne() {
        NewCheck c = held("it-once", T0.plusSeconds(300));
        assertEquals(Optional.empty(), checks.create(c));
        StoredCheck again = checks.create(c).orElseThrow();
        assertEquals("sha256:it-once", again.requestHash());
        assertEquals(CheckStatus.HELD, again.hold().status());
        assertEquals(c.hold(), checks.find("it-once").orElseThrow().hold());
        assertTrue(checks.find("it-nothing").isEmpty());
    }

    @Test
    void dueHolds_comeFromTheHoldIndex_andExpireOnce() {
        checks.create(held("it-due", T0.plusSeconds(60)));
        checks.create(held("it-later", T0.plusSeconds(3600)));
        Instant now = T0.plusSeconds(120);
        List<String> due = checks.expirable(now, 100);
        assertTrue(due.contains("it-due") && !due.contains("it-later"), due.toString());
        assertFalse(checks.expire("it-later", now).orElseThrow().hold().status().resolved(), "not due yet");
        StoredCheck expired = checks.expire("it-due", now).orElseThrow();
        assertEquals(CheckStatus.EXPIRED, expired.hold().status());
        assertEquals(now, expired.hold().decidedAt());
        assertEquals(now, checks.expire("it-due", now.plusSeconds(5)).orElseThrow().hold().decidedAt(), "once");
        assertFalse(checks.expirable(now, 100).contains("it-due"), "out of the index when resolved");
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(ReviewTableSchema.key("it-due"))).item();
        assertEquals("PENDING", item.get(ReviewTableSchema.STATUS).s(), "the record still waits for its review");
    }

    @Test
    void aReviewersEdit_resolvesTheHold_andAnExpiryAfterItChangesNothing() {
        checks.create(held("it-edit", T0.plusSeconds(60)));
        Instant now = T0.plusSeconds(10);
        assertEquals(ReviewClaims.ClaimOutcome.CLAIMED, claims.claim("it-edit", "alice", now, now.plusSeconds(900),
                Lane.HOLD, "receipt-1"));
        claims.verdict("it-edit", "alice", new Verdict(null, List.of("secret-leak"), "page", null, null,
                HoldDecision.EDIT, "Use SSO."), now.plusSeconds(5));
        StoredCheck edited = checks.find("it-edit").orElseThrow();
        assertEquals(CheckStatus.EDITED, edited.hold().status());
        assertEquals("Use SSO.", edited.hold().editedOutput());
        assertEquals(CheckStatus.EDITED, checks.expire("it-edit", T0.plusSeconds(120)).orElseThrow().hold().status(),
                "the reviewer came first");
        claims.verdict("it-edit", "alice", new Verdict(null, List.of("secret-leak"), "page", null, null,
                HoldDecision.EDIT, "Use SSO."), now.plusSeconds(6));
    }

    @Test
    void aDecisionAfterTheExpiry_isAConflict_andOnARecordThatHoldsNothing_isRefused() {
        checks.create(held("it-late", T0.plusSeconds(60)));
        Instant now = T0.plusSeconds(10);
        claims.claim("it-late", "bob", now, now.plusSeconds(900), Lane.HOLD, "receipt-2");
        checks.expire("it-late", T0.plusSeconds(61));
        assertThrows(ClaimConflictException.class, () -> claims.verdict("it-late", "bob", new Verdict(null, List.of(),
                null, null, null, HoldDecision.APPROVE, null), T0.plusSeconds(62)));
        claims.verdict("it-late", "bob", new Verdict("on-policy", List.of(), null, null, null), T0.plusSeconds(63));
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(ReviewTableSchema.key("it-late"))).item();
        assertEquals(ReviewStatus.REVIEWED.name(), item.get(ReviewTableSchema.STATUS).s());
        assertEquals("expired", item.get(ReviewTableSchema.CHECK_STATUS).s());

        new DynamoDbReviewStore(dynamo, table, dev.secondlook.aws.Backoff.standard()).putAll(List.of(
                ReviewFixtures.record("it-plain", Severity.REVIEW, T0, Duration.ofHours(4))));
        claims.claim("it-plain", "bob", now, now.plusSeconds(900), Lane.PRIORITY, "receipt-3");
        assertThrows(InvalidRequestException.class, () -> claims.verdict("it-plain", "bob", new Verdict(null,
                List.of(), null, null, null, HoldDecision.BLOCK, null), now.plusSeconds(1)));
        assertThrows(InvalidRequestException.class, () -> claims.adjudicate("it-plain", "dana", new Verdict(null,
                List.of(), null, null, null, HoldDecision.BLOCK, null), now.plusSeconds(1)));
    }
}
