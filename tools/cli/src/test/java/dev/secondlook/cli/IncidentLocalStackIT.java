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

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * incident resolves only once a re-run of its eval case (`evalset run` against a Converse-speaking stand-in model)
 * passed on that version; the listing shows every step with
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

            // no re-run yet; then re-runs of the eval set through the real `evalset run` against a Converse-speaking
            // stand-in: the old prompt still promises, the fixed one (support-v8) does not
            assertEquals(409, dana.call("POST", "/incidents/" + id + "/resolve", "{\"runId\":\"no-such-run\"}")
                    .status());
            Path home = Files.createTempDirectory("incident-it");
            rt.writeStackJson(home.resolve(".secondlook/local"));
            String stillFailing;
            String otherPrompt;
            String fixedRun;
            try (ConverseStandIn model = new ConverseStandIn()) {
                model.model("candidate", (system, prompt) -> system.contains("v8")
                        ? ConverseStandIn.Answer.reply("A specialist will confirm the refund terms with you today.")
                        : ConverseStandIn.Answer.reply("Yes - I have issued a full refund of $249 to your card."));
                Path v7 = Files.writeString(home.resolve("v7.txt"), "You are the ExampleCo billing assistant (v7).");
                Path v8 = Files.writeString(home.resolve("v8.txt"), "You are the ExampleCo billing assistant (v8). "
                        + "Never promise refunds; hand them to a specialist.");
                stillFailing = runId(cli(home, "evalset", "run", "--model-id", "candidate", "--system-prompt",
                        v7.toString(), "--prompt-version", "support-v8", "--endpoint-url",
                        model.endpoint().toString(), "--format", "json"));
                otherPrompt = runId(cli(home, "evalset", "run", "--model-id", "candidate", "--system-prompt",
                        v8.toString(), "--prompt-version", "support-v7", "--endpoint-url",
                        model.endpoint().toString(), "--format", "json"));
                fixedRun = runId(cli(home, "evalset", "run", "--model-id", "candidate", "--system-prompt",
                        v8.toString(), "--prompt-version", "support-v8", "--endpoint-url",
                        model.endpoint().toString(), "--format", "json"));
            }
            ReviewClient.Response failing = dana.call("POST", "/incidents/" + id + "/resolve",
                    "{\"runId\":\"" + stillFailing + "\"}");
            assertEquals(409, failing.status());
            assertTrue(failing.body().contains("did not pass"), failing.body());
            assertEquals(409, dana.call("POST", "/incidents/" + id + "/resolve", "{\"runId\":\"" + otherPrompt
                    + "\"}").status(), "a passing run on another prompt version does not resolve it");
            JsonNode resolved = MAPPER.readTree(dana.call("POST", "/incidents/" + id + "/resolve",
                    "{\"runId\":\"" + fixedRun + "\"}").body());
            assertEquals("resolved", resolved.get("state").asText());
            assertEquals(fixedRun, resolved.get("resolution").get("runId").asText());
            // kept IncidentRetentionDays (2557 by default) after resolution, then DynamoDB's TTL deletes it
            long expiresAt = Long.parseLong(rt.clients().dynamoDb().getItem(b -> b.tableName(
                    rt.resources().incidentTable()).key(java.util.Map.of("id",
                    software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(id)))).item().get("expiresAt")
                    .n());
            assertEquals(java.time.Instant.parse(resolved.get("times").get("resolvedAt").asText())
                    .plus(java.time.Duration.ofDays(2557)).getEpochSecond(), expiresAt);

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

            // the scorecard shows the exposure window too
            String[] report = cli(home, "report", "--format", "json");
            assertEquals("0", report[0], String.join("\n", report));
            JsonNode incidents = MAPPER.readTree(report[1]).get("incidents");
            assertEquals(1, incidents.get("incidents").asInt());
            JsonNode overall = incidents.get("exposure").get(0);
            assertEquals("any", overall.get("lane").asText());
            assertEquals(1, overall.get("toAcknowledged").get("n").asInt());
            assertTrue(overall.get("toVerdict").get("p50").asLong() >= 0);
            String text = cli(home, "report")[1];
            assertTrue(text.contains("Incidents opened in the window: 1"), text);
        }
    }

    /** The CLI as a user runs it, signing with the emulator's own key (an operator's credentials). */
    private static String[] cli(Path home, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String key = System.getProperty("aws.accessKeyId");
        String secret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        try {
            int exit = Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), InputStream.nullInputStream(), home)
                    .execute(args);
            return new String[] {String.valueOf(exit), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
        } finally {
            // the local runtime's in-process functions may sign with these too: put back what was there
            restore("aws.accessKeyId", key);
            restore("aws.secretAccessKey", secret);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private static String runId(String[] result) throws Exception {
        assertTrue(result[1].contains("runId"), "evalset run answered: " + String.join("\n", result));
        return MAPPER.readTree(result[1]).get("runId").asText();
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
