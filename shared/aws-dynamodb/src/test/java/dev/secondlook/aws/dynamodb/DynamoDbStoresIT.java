package dev.secondlook.aws.dynamodb;

import dev.secondlook.aws.Backoff;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.AwsClients;
import dev.secondlook.aws.Backoff;
import dev.secondlook.emulator.FaultProxy;
import dev.secondlook.local.LocalClients;
import dev.secondlook.local.LocalResources;
import dev.secondlook.core.ingest.ObjectManifestStore;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.ReviewRecord;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.model.SourceRef;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(EmulatorExtension.class)
class DynamoDbStoresIT {

    private static String table;
    private static DynamoDbClient dynamo;
    private static DynamoDbReviewStore reviews;
    private static DynamoDbObjectManifestStore manifests;
    private static FaultProxy proxy;
    private static DynamoDbClient proxied;

    @BeforeAll
    static void setUp(Emulator emulator) {
        LocalClients clients = LocalClients.of(emulator);
        table = LocalResources.provision(clients, emulator, "stores-it").reviewTable();
        dynamo = clients.dynamoDb();
        reviews = new DynamoDbReviewStore(dynamo, table, Backoff.standard());
        manifests = new DynamoDbObjectManifestStore(dynamo, table);
        try {
            proxy = FaultProxy.start(emulator.endpoint(), 0.0, 1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        proxied = DynamoDbClients.of(AwsClients.forEndpoint(proxy.endpoint(), emulator.region(),
                emulator.accessKey(), emulator.secretKey()));
    }

    @org.junit.jupiter.api.AfterAll
    static void tearDown() {
        proxy.close();
    }

    static ReviewRecord record(String id) {
        Instant now = Instant.parse("2026-08-19T06:00:00Z");
        return new ReviewRecord(id, ReviewStatus.PENDING, Lane.PRIORITY, Severity.REVIEW, List.of("commitment"),
                List.of("rule-a"), List.of(), 1.0, "rule", "billing", "m", "Converse", "bedrock-converse",
                "sha256:x", new SourceRef("b", "k", null, "e", 3), null, "sys", "prompt", "output", false,
                "end_turn", null, 1, 2, Map.of("route", "billing"), now, now.plus(Duration.ofHours(4)));
    }

    @Test
    void putAll_writesMoreThanOneBatch_andExistingIdsFindThemAll() {
        List<ReviewRecord> batch = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            batch.add(record("bulk-" + i));
            ids.add("bulk-" + i);
        }
        reviews.putAll(batch);
        ids.add("absent-1");
        Set<String> found = reviews.existingIds(ids);
        assertEquals(130, found.size());
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("id", AttributeValue.fromS("bulk-7")))).item();
        assertEquals("PENDING", item.get("status").s());
        assertEquals("priority", item.get("lane").s());
        assertEquals("2026-08-19T10:00:00.000Z", item.get("dueAt").s());
        assertEquals("s3://b/k#L3", item.get("sourceUri").s());
        assertEquals("commitment", item.get("categories").l().get(0).s());
    }

    @Test
    void manifestLease_excludesASecondWorker_untilItLapses() {
        ObjectRef o = new ObjectRef("b", "lease/" + System.nanoTime() + ".jsonl", null, "etag1", 10);
        Instant t0 = Instant.parse("2026-08-19T06:00:00Z");
        assertEquals(ObjectManifestStore.Start.STARTED, manifests.begin(o, t0, Duration.ofMinutes(15)));
        assertEquals(ObjectManifestStore.Start.BUSY, manifests.begin(o, t0.plusSeconds(60), Duration.ofMinutes(15)));
        assertTrue(manifests.find(o).isEmpty());
        assertEquals(ObjectManifestStore.Start.STARTED, manifests.begin(o, t0.plus(Duration.ofMinutes(16)),
                Duration.ofMinutes(15)));
        manifests.complete(new ObjectManifest(o, ObjectManifest.COMPLETE, null, 3, 1, 1, Map.of("model-call-failed",
                1L), Map.of(), "sha256:x", null, t0));
        assertEquals(ObjectManifestStore.Start.ALREADY_DONE, manifests.begin(o, t0.plus(Duration.ofDays(1)),
                Duration.ofMinutes(15)));
        ObjectManifest back = manifests.find(o).orElseThrow();
        assertEquals(3, back.read());
        assertEquals(1L, back.skipped().get("model-call-failed"));
    }

    @Test
    void manifestLease_whoseAnswerWasLost_isStillOurs_andStillExcludesOthers() {
        ObjectRef o = new ObjectRef("b", "lost/" + System.nanoTime() + ".jsonl", null, "etag1", 10);
        Instant t0 = Instant.parse("2026-08-19T06:00:00Z");
        proxy.failNext("response-lost"); // the put is applied, the SDK retries it, the condition fails
        DynamoDbObjectManifestStore store = new DynamoDbObjectManifestStore(proxied, table);
        assertEquals(ObjectManifestStore.Start.STARTED, store.begin(o, t0, Duration.ofMinutes(15)));
        assertEquals(ObjectManifestStore.Start.BUSY, manifests.begin(o, t0.plusSeconds(1), Duration.ofMinutes(15)));
        // given back after a failure: the next worker starts at once; another's abandon cannot free it
        store.abandon(o);
        assertEquals(ObjectManifestStore.Start.STARTED, manifests.begin(o, t0.plusSeconds(2), Duration.ofMinutes(15)));
        store.abandon(o);
        assertEquals(ObjectManifestStore.Start.BUSY, store.begin(o, t0.plusSeconds(3), Duration.ofMinutes(15)));
    }

    /** A new PENDING review record; returns its id. */
    private static String pendingRecord(String prefix, Instant createdAt) {
        String id = prefix + System.nanoTime();
        reviews.putAll(List.of(ReviewFixtures.record(id, Severity.REVIEW, createdAt, Duration.ofHours(4))));
        return id;
    }

    /** Claims whose DynamoDB calls go through the fault proxy. */
    private static DynamoDbReviewClaims proxiedClaims() {
        return new DynamoDbReviewClaims(proxied, table, new com.fasterxml.jackson.databind.ObjectMapper(),
                Duration.ofDays(180));
    }

    @Test
    void claimAndVerdict_whoseAnswersWereLost_areStillTheReviewers() {
        Instant t0 = Instant.now();
        String id = pendingRecord("lost-claim-", t0);
        DynamoDbReviewClaims claims = proxiedClaims();
        proxy.failNext("response-lost");
        assertEquals(dev.secondlook.core.review.ReviewClaims.ClaimOutcome.CLAIMED,
                claims.claim(id, "alice", t0, t0.plusSeconds(60), Lane.PRIORITY, "receipt-1"));
        // someone else's claim on it is still refused
        assertEquals(dev.secondlook.core.review.ReviewClaims.ClaimOutcome.HELD,
                claims.claim(id, "bob", t0, t0.plusSeconds(60), Lane.PRIORITY, "receipt-2"));

        dev.secondlook.core.review.Verdict v = new dev.secondlook.core.review.Verdict("off-policy",
                List.of("secret-leak"), "page", null, "redacted");
        proxy.failNext("response-lost");
        assertEquals("receipt-1", claims.verdict(id, "alice", v, t0.plusSeconds(5)).receipt());
        // the verdict starts the record's retention: DynamoDB's TTL deletes it 180 days later
        assertEquals(Long.toString(t0.plusSeconds(5).plus(Duration.ofDays(180)).getEpochSecond()),
                dynamo.getItem(b -> b.tableName(table).key(ReviewTableSchema.key(id))).item()
                        .get(ReviewTableSchema.EXPIRES_AT).n());
        // the same verdict again is a no-op; a different one is a conflict
        assertEquals("receipt-1", claims.verdict(id, "alice", v, t0.plusSeconds(6)).receipt());
        dev.secondlook.core.review.Verdict other = new dev.secondlook.core.review.Verdict("on-policy", List.of(),
                "none", null, null);
        org.junit.jupiter.api.Assertions.assertThrows(dev.secondlook.core.review.ClaimConflictException.class,
                () -> claims.verdict(id, "alice", other, t0.plusSeconds(7)));
    }

    @Test
    void release_whoseAnswerWasLost_isStillDone_untilTheRecordIsClaimedAgain() {
        Instant t0 = Instant.now();
        String id = pendingRecord("lost-release-", t0);
        DynamoDbReviewClaims claims = proxiedClaims();
        assertEquals(dev.secondlook.core.review.ReviewClaims.ClaimOutcome.CLAIMED,
                claims.claim(id, "alice", t0, t0.plusSeconds(60), Lane.PRIORITY, "receipt-1"));
        proxy.failNext("response-lost");
        assertEquals("receipt-1", claims.release(id, "alice", t0.plusSeconds(1)).receipt(),
                "the message to return, though the release was applied before the retry");
        assertEquals("receipt-1", claims.release(id, "alice", t0.plusSeconds(2)).receipt());
        assertEquals(dev.secondlook.core.review.ReviewClaims.ClaimOutcome.CLAIMED,
                claims.claim(id, "bob", t0.plusSeconds(3), t0.plusSeconds(60), Lane.PRIORITY, "receipt-2"));
        org.junit.jupiter.api.Assertions.assertThrows(dev.secondlook.core.review.ClaimConflictException.class,
                () -> claims.release(id, "alice", t0.plusSeconds(4)));
    }
}
