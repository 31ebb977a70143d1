package dev.secondlook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import dev.secondlook.local.LocalRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An incident on the local stack, IAM enforced: alice marks a delivered output off-policy (commitment) → one sev2
 * incident, open, paged; dana acknowledges, records "customer contacted" and names a candidate prompt version; the
 * incident resolves only once a re-run of its eval case passed on that version; the listing shows every step with
 * its time, and the exposure figures count it.
 */
@ExtendWith(EmulatorExtension.class)
class IncidentLocalStackIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ReviewClient as(LocalRuntime rt, String who) {
        return new ReviewClient(rt.apiUrl(), rt.emulator().region(), StaticCredentialsProvider.create(
                AwsBasicCredentials.create(who, LocalRuntime.REVIEWERS.get(who))));
    }

    @Test
    void aDeliveredOffPolicyOutput_becomesAnIncident_resolvedOnlyByAPassingRerunOfItsFix(Emulator emulator)
            throws Exception {
        try (LocalRuntime rt = LocalRuntime.on(emulator, Path.of("../../template.yaml"), 0)) {
            rt.clients().s3().putObject(b -> b.bucket(rt.resources().logBucket()).key(
                    "AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/08/19/05/x.json.gz"),
                    RequestBody.fromFile(Path.of("../../events/logs/bedrock-invocations.json.gz")));
            assertTrue(rt.drain(Duration.ofSeconds(60)) > 0);
            drainPages(rt);

            ReviewClient alice = as(rt, "alice");
            ReviewClient dana = as(rt, "dana");
            JsonNode record = MAPPER.readTree(alice.call("POST", "/reviews/claim", null).body());
            String reviewId = record.get("id").asText();
            String verdict = "{\"outcome\":\"off-policy\",\"categories\":[\"commitment\"],\"severity\":\"review\","
                    + "\"correctedResponse\":\"A specialist will confirm the refund terms.\"}";
            assertEquals(200, alice.call("POST", "/reviews/" + reviewId + "/verdict", verdict).status());
            rt.drain(Duration.ofSeconds(30));
            String id = "inc-" + reviewId;

            // one incident, sev2, open, paged without text; redelivery of the verdict would find the same one
            JsonNode listed = MAPPER.readTree(dana.call("GET", "/incidents", null).body());
            assertEquals(1, listed.get("items").size());
            JsonNode opened = listed.get("items").get(0);
            assertEquals(id, opened.get("incidentId").asText());
            assertEquals("sev2", opened.get("severity").asText());
            assertEquals("open", opened.get("state").asText());
            assertTrue(opened.get("firstAction").asText().contains("Contact the customer"));
            List<JsonNode> pages = drainPages(rt);
            assertEquals(1, pages.size());
            assertEquals("incident-opened", pages.get(0).get("kind").asText());
            assertEquals(id, pages.get(0).get("incidentId").asText());
            assertFalse(pages.get(0).toString().contains(record.get("output").asText().substring(0, 20)),
                    "no model text in a page");
            JsonNode evalCase = MAPPER.readTree(rt.clients().s3().getObjectAsBytes(b -> b
                    .bucket(rt.resources().evalBucket()).key("eval-cases/" + reviewId + ".json")).asByteArray());
            assertEquals(id, evalCase.get("incidentId").asText(), "the eval case links back");

            // reviewers see the incidents they opened and change none; carol sees nothing
            assertEquals(1, MAPPER.readTree(alice.call("GET", "/incidents", null).body()).get("items").size());
            assertEquals(403, alice.call("POST", "/incidents/" + id + "/ack", null).status());
            assertEquals(0, MAPPER.readTree(as(rt, "bob").call("GET", "/incidents", null).body()).get("items")
                    .size());
            assertEquals(403, as(rt, "carol").call("GET", "/incidents", null).status());

            assertEquals(200, dana.call("POST", "/incidents/" + id + "/ack", null).status());
            JsonNode mitigated = MAPPER.readTree(dana.call("POST", "/incidents/" + id + "/actions",
                    "{\"actionId\":\"a1\",\"kind\":\"customer-contacted\",\"note\":\"called, corrected terms\"}")
                    .body());
            assertEquals("mitigated", mitigated.get("state").asText());
            assertEquals(200, dana.call("POST", "/incidents/" + id + "/actions", "{\"actionId\":\"a2\",\"kind\":"
                    + "\"fix\",\"fix\":{\"promptVersion\":\"support-v8\",\"description\":\"no refund promises\"}}")
                    .status());

            // no re-run yet, then one that still fails, then one on another prompt: all refused
            assertEquals(409, dana.call("POST", "/incidents/" + id + "/resolve", "{\"runId\":\"run-a\"}").status());
            storeRun(rt, "run-a", "support-v8", reviewId, "fail");
            storeRun(rt, "run-b", "support-v7", reviewId, "pass");
            ReviewClient.Response failing = dana.call("POST", "/incidents/" + id + "/resolve", "{\"runId\":\"run-a\"}");
            assertEquals(409, failing.status());
            assertTrue(failing.body().contains("did not pass"), failing.body());
            assertEquals(409, dana.call("POST", "/incidents/" + id + "/resolve", "{\"runId\":\"run-b\"}").status());
            storeRun(rt, "run-c", "support-v8", reviewId, "pass");
            JsonNode resolved = MAPPER.readTree(dana.call("POST", "/incidents/" + id + "/resolve",
                    "{\"runId\":\"run-c\"}").body());
            assertEquals("resolved", resolved.get("state").asText());
            assertEquals("run-c", resolved.get("resolution").get("runId").asText());

            JsonNode shown = MAPPER.readTree(dana.call("GET", "/incidents/" + id, null).body());
            JsonNode times = shown.get("times");
            for (String step : List.of("deliveredAt", "firstLookAt", "verdictAt", "openedAt", "acknowledgedAt",
                    "mitigatedAt", "resolvedAt")) {
                assertFalse(times.get(step).isNull(), step);
            }
            List<String> events = new ArrayList<>();
            shown.get("audit").forEach(a -> events.add(a.get("event").asText()));
            assertEquals(List.of("opened", "paged", "acknowledged", "action", "fix-named", "resolved"), events);

            JsonNode exposure = MAPPER.readTree(dana.call("GET", "/incidents/exposure", null).body());
            assertEquals(1, exposure.get("incidents").asInt());
            assertEquals(1, exposure.get("rows").get(0).get("toMitigated").get("n").asInt());
        }
    }

    /** Writes a re-run's results where `evalset run` keeps them, as it would. */
    private static void storeRun(LocalRuntime rt, String runId, String promptVersion, String caseId, String status) {
        String bucket = rt.resources().evalBucket();
        rt.clients().s3().putObject(b -> b.bucket(bucket).key("eval-runs/" + runId + "/summary.json"),
                RequestBody.fromString("{\"runId\":\"" + runId + "\",\"modelId\":\"candidate-model\","
                        + "\"promptVersion\":\"" + promptVersion + "\"}"));
        rt.clients().s3().putObject(b -> b.bucket(bucket).key("eval-runs/" + runId + "/results.jsonl"),
                RequestBody.fromString("{\"caseId\":\"other\",\"status\":\"pass\"}\n{\"caseId\":\"" + caseId
                        + "\",\"status\":\"" + status + "\"}\n"));
    }

    private static List<JsonNode> drainPages(LocalRuntime rt) throws Exception {
        List<JsonNode> pages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (Message m : rt.clients().sqs().receiveMessage(b -> b.queueUrl(rt.pagerQueueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                pages.add(MAPPER.readTree(MAPPER.readTree(m.body()).get("Message").asText()));
                rt.clients().sqs().deleteMessage(b -> b.queueUrl(rt.pagerQueueUrl()).receiptHandle(m.receiptHandle()));
            }
        }
        return pages;
    }
}
