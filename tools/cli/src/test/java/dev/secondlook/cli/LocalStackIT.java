package dev.secondlook.cli;

import dev.secondlook.local.LocalRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local runtime end to end on the emulator: a log uploaded to the log bucket is followed through review
 * records, queue messages, an escalation captured by a queue subscribed to the topic, a verdict through the
 * SigV4-checked HTTP API, and an eval case in the eval bucket.
 */
@ExtendWith(EmulatorExtension.class)
class LocalStackIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ReviewClient as(LocalRuntime rt, String key, String secret) {
        return new ReviewClient(rt.apiUrl(), rt.emulator().region(), StaticCredentialsProvider.create(
                AwsBasicCredentials.create(key, secret)));
    }

    @Test
    void aLogFollowedThrough_reviewRecords_queues_page_verdict_evalCase(Emulator emulator) throws Exception {
        try (LocalRuntime rt = LocalRuntime.on(emulator, Path.of("../../template.yaml"), 0)) {
            rt.clients().s3().putObject(b -> b.bucket(rt.resources().logBucket()).key(
                    "AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/08/19/05/x.json.gz"),
                    RequestBody.fromFile(Path.of("../../events/logs/bedrock-invocations.json.gz")));
            assertTrue(rt.drain(Duration.ofSeconds(60)) > 0);

            Map<String, AttributeValue> leak = rt.clients().dynamoDb().getItem(b -> b.tableName(rt.resources().reviewTable())
                    .key(Map.of("id", AttributeValue.fromS("7b3e1c2a-0006-4e5f-9a1b-000000000006")))).item();
            assertEquals("page", leak.get("severity").s());

            List<Message> pages = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                pages.addAll(rt.clients().sqs().receiveMessage(b -> b.queueUrl(rt.pagerQueueUrl())
                        .maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
            }
            assertEquals(1, pages.size());
            assertFalse(pages.get(0).body().contains("AKIAQYLPMN5HFIQR7XB2"), "no customer text in a page");

            assertEquals(403, as(rt, "mallory", "guess").call("POST", "/reviews/claim", null).status());
            ReviewClient alice = as(rt, "alice", LocalRuntime.REVIEWERS.get("alice"));
            ReviewClient bob = as(rt, "bob", LocalRuntime.REVIEWERS.get("bob"));
            ReviewClient.Response claim = alice.call("POST", "/reviews/claim", null);
            assertEquals(200, claim.status());
            JsonNode record = MAPPER.readTree(claim.body());
            String id = record.get("id").asText();
            assertEquals("priority", record.get("lane").asText());
            assertEquals("arn:aws:iam::123456789012:user/alice", record.get("claimBy").asText());
            String verdict = "{\"outcome\":\"off-policy\",\"categories\":[\"commitment\"],\"severity\":\"review\","
                    + "\"correctedResponse\":\"A specialist will follow up.\"}";
            assertEquals(409, bob.call("POST", "/reviews/" + id + "/verdict", verdict).status());
            assertEquals(200, alice.call("POST", "/reviews/" + id + "/verdict", verdict).status());
            rt.drain(Duration.ofSeconds(30));

            List<S3Object> cases = rt.clients().s3().listObjectsV2(b -> b.bucket(rt.resources().evalBucket())
                    .prefix("eval-cases/")).contents();
            assertEquals(1, cases.size());
            JsonNode evalCase = MAPPER.readTree(rt.clients().s3().getObjectAsBytes(b -> b.bucket(rt.resources().evalBucket())
                    .key(cases.get(0).key())).asByteArray());
            assertEquals(id, evalCase.get("caseId").asText());
            assertEquals("secondlook.eval-case/v2", evalCase.get("schema").asText());
            assertTrue(evalCase.get("masking").get("inClear").isEmpty(), "the template keeps no category in clear");
            assertEquals("arn:aws:iam::123456789012:user/alice", evalCase.get("provenance").get("reviewer").asText());
        }
    }

    /** Claims until {@code id} comes up (SQS does not keep order), releasing the others; returns the id or null. */
    private static String claimUntil(ReviewClient reviewer, String id) throws Exception {
        for (int i = 0; i < 40; i++) {
            ReviewClient.Response r = reviewer.call("POST", "/reviews/claim", null);
            if (r.status() != 200) {
                continue;
            }
            String got = MAPPER.readTree(r.body()).get("id").asText();
            if (got.equals(id)) {
                return got;
            }
            assertEquals(200, reviewer.call("POST", "/reviews/" + got + "/release", null).status());
        }
        return null;
    }

    @Test
    void onTheLocalStack_onlyReviewersReadText_andClaimReleaseCyclesKeepARecordClaimable(Emulator emulator)
            throws Exception {
        try (LocalRuntime rt = LocalRuntime.on(emulator, Path.of("../../template.yaml"), 0)) {
            rt.clients().s3().putObject(b -> b.bucket(rt.resources().logBucket()).key(
                    "AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/08/19/05/y.json.gz"),
                    RequestBody.fromFile(Path.of("../../events/logs/bedrock-invocations.json.gz")));
            assertTrue(rt.drain(Duration.ofSeconds(60)) > 0);
            ReviewClient alice = as(rt, "alice", LocalRuntime.REVIEWERS.get("alice"));
            ReviewClient bob = as(rt, "bob", LocalRuntime.REVIEWERS.get("bob"));
            ReviewClient carol = as(rt, "carol", LocalRuntime.REVIEWERS.get("carol"));
            ReviewClient dana = as(rt, "dana", LocalRuntime.REVIEWERS.get("dana"));
            String id = "7b3e1c2a-0006-4e5f-9a1b-000000000006";
            String verdict = "{\"outcome\":\"on-policy\",\"categories\":[]}";

            for (String[] route : new String[][] {{"POST", "/reviews/claim"}, {"GET", "/reviews/" + id},
                    {"POST", "/reviews/" + id + "/verdict"}, {"POST", "/reviews/" + id + "/release"},
                    {"GET", "/reviews?status=PENDING"}}) {
                ReviewClient.Response r = carol.call(route[0], route[1], route[0].equals("POST") ? verdict : null);
                assertEquals(403, r.status(), "carol, signed but no reviewer: " + route[0] + " " + route[1]);
                assertFalse(r.body().contains("AKIAQYLPMN5HFIQR7XB2"));
            }

            JsonNode claimed = MAPPER.readTree(alice.call("POST", "/reviews/claim", null).body());
            String held = claimed.get("id").asText();
            assertEquals(403, bob.call("GET", "/reviews/" + held, null).status(), "bob cannot read alice's record");
            assertEquals(200, dana.call("GET", "/reviews/" + held, null).status(), "a lead can");
            assertEquals(200, dana.call("GET", "/reviews?status=IN_REVIEW", null).status());
            assertEquals(403, alice.call("GET", "/reviews?status=IN_REVIEW", null).status(), "listing is for leads");

            // five claim/release cycles of one record: the template's queues move a message to their DLQ after five
            // receives, so were a release only a visibility change, the sixth claim would find nothing
            for (int i = 0; i < 5; i++) {
                assertEquals(200, alice.call("POST", "/reviews/" + held + "/release", null).status(), "cycle " + i);
                assertEquals(held, claimUntil(alice, held), "cycle " + i);
            }
            assertEquals(200, alice.call("POST", "/reviews/" + held + "/release", null).status());
            String byBob = claimUntil(bob, held);
            assertEquals(held, byBob, "still claimable after five cycles");
            assertFalse(bob.call("GET", "/reviews/" + held, null).body().contains("user/alice"),
                    "bob sees no trace of alice");
        }
    }
}
