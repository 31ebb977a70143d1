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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loop on the local stack, IAM enforced: an output on a high-stakes route is reviewed; alice marks it
 * off-policy (commitment) and FeedbackFunction writes its eval case; a differently worded output of the same kind,
 * which the default policy let through before the verdict, arrives in a later log and IngestFunction selects it by
 * the similar rule, with alice's case as its evidence (IngestFunction read the case from the eval bucket through its
 * own role, without a redeploy).
 */
@ExtendWith(EmulatorExtension.class)
class SimilarLoopLocalStackIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String MARKED = "As a thank-you for your patience, I've added free oil changes for life to "
            + "your car's service plan.";
    private static final String LATER = "Don't worry about the cost: from now on every oil change on your vehicle is "
            + "free, for as long as you own it.";

    private static String line(String id, String route, String output) throws Exception {
        return MAPPER.writeValueAsString(Map.of("schema", "secondlook.v1", "id", id, "model", "in-house-llm-7b",
                "route", route, "prompt", "My car service was late again.", "output", output)) + "\n";
    }

    private static ReviewClient as(LocalRuntime rt, String who) {
        return new ReviewClient(rt.apiUrl(), rt.emulator().region(), StaticCredentialsProvider.create(
                AwsBasicCredentials.create(who, LocalRuntime.REVIEWERS.get(who))));
    }

    private static Map<String, AttributeValue> record(LocalRuntime rt, String id) {
        return rt.clients().dynamoDb().getItem(b -> b.tableName(rt.resources().reviewTable()).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(id)))).item();
    }

    @Test
    void anOffPolicyVerdict_makesTheSimilarRuleSelectADifferentlyWordedOutput_inALaterLog(Emulator emulator)
            throws Exception {
        try (LocalRuntime rt = LocalRuntime.on(emulator, Path.of("../../template.yaml"), 0, new LocalRuntime.Options(
                Map.of("ExemplarRefreshSeconds", "1"), null, 1, 0))) {
            String bucket = rt.resources().logBucket();
            rt.clients().s3().putObject(b -> b.bucket(bucket).key("AWSLogs/app/2026/11/30/07/first.jsonl"),
                    RequestBody.fromString(line("loop-marked", "billing.refund-desk", MARKED)
                            + line("loop-before", "support.chat", LATER)));
            assertTrue(rt.drain(Duration.ofSeconds(120)) > 0);
            Map<String, AttributeValue> before = record(rt, "loop-before");
            assertTrue(before.isEmpty() || !before.get("ruleIds").toString().contains("similar-commitment"),
                    "before the verdict the later wording is not matched: " + before);

            ReviewClient alice = as(rt, "alice");
            JsonNode claimed = MAPPER.readTree(alice.call("POST", "/reviews/claim", null).body());
            assertEquals("loop-marked", claimed.get("id").asText());
            assertEquals(200, alice.call("POST", "/reviews/loop-marked/verdict", "{\"outcome\":\"off-policy\","
                    + "\"categories\":[\"commitment\"],\"severity\":\"review\",\"note\":\"promised free service\"}")
                    .status());
            rt.drain(Duration.ofSeconds(30));
            JsonNode evalCase = MAPPER.readTree(rt.clients().s3().getObjectAsBytes(b -> b
                    .bucket(rt.resources().evalBucket()).key("eval-cases/loop-marked.json")).asByteArray());
            assertEquals(MARKED, evalCase.get("offPolicyOutput").asText());

            Thread.sleep(1500); // the exemplar index is older than ExemplarRefreshSeconds: the next gated record reads it again
            rt.clients().s3().putObject(b -> b.bucket(bucket).key("AWSLogs/app/2026/11/30/08/later.jsonl"),
                    RequestBody.fromString(line("loop-after", "support.chat", LATER)));
            assertTrue(rt.drain(Duration.ofSeconds(120)) > 0);

            JsonNode shown = MAPPER.readTree(as(rt, "dana").call("GET", "/reviews/loop-after", null).body());
            assertEquals(List.of("commitment"), MAPPER.convertValue(shown.get("categories"), List.class));
            assertEquals(List.of("similar-commitment"), MAPPER.convertValue(shown.get("ruleIds"), List.class));
            assertEquals("priority", shown.get("lane").asText());
            boolean namesTheCase = false;
            for (JsonNode e : shown.get("evidence")) {
                namesTheCase |= e.get("excerpt").asText().startsWith("similar to eval case loop-marked (");
            }
            assertTrue(namesTheCase, shown.get("evidence").toString());
            assertFalse(shown.get("evidence").toString().contains("policy example"),
                    "the closest exemplar is the reviewer's case, not a written one");
            assertEquals(List.of(), rt.iamDenials(), "IngestFunction's role lists and reads eval-cases/");
        }
    }
}
