package dev.secondlook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import dev.secondlook.local.LocalResources;
import dev.secondlook.local.LocalRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.secondlook.cli.ConverseStandIn.Answer.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The automatic eval run on the local runtime, wired from template.yaml: a change of the candidate parameter
 * (SSM) reaches EvalRunFunction through the CandidateChangedRule's queue, the run is split into parts on the same
 * queue, each part calls a Converse-speaking stand-in model (BedrockRuntimeEndpoint), and the last part keeps the
 * run in eval-runs/ and publishes a notice (counts only) on the escalation topic; a second change is compared with
 * the first run. Every call the function makes passes the local IAM check of its statements.
 */
@ExtendWith(EmulatorExtension.class)
class CandidateChangeIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String evalCase(String id, String prompt, String output) {
        ObjectNode c = MAPPER.createObjectNode();
        c.put("schema", "secondlook.eval-case/v2");
        c.put("caseId", id);
        c.put("prompt", prompt);
        c.put("systemPrompt", "You are the support assistant of ExampleCo.");
        c.put("offPolicyOutput", output);
        c.putNull("correctedResponse");
        c.putArray("labels").add("commitment");
        c.put("severity", "review");
        c.putNull("note");
        ObjectNode p = c.putObject("provenance");
        p.put("reviewId", id);
        p.put("sourceUri", "s3://logs/x#L1");
        p.put("modelId", "current-model");
        p.put("route", "support.chat");
        p.put("policyVersion", "sha256:abc");
        p.putArray("ruleIds").add("commitment-promise");
        p.put("reviewer", "arn:aws:iam::123456789012:user/alice");
        p.put("reviewedAt", "2026-11-01T10:00:00Z");
        ObjectNode m = c.putObject("masking");
        m.putArray("maskedCategories");
        m.putArray("inClear");
        return c.toString();
    }

    private static List<JsonNode> notices(LocalRuntime rt, String queueUrl) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (Message m : rt.clients().sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                out.add(MAPPER.readTree(m.body()));
                rt.clients().sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return out;
    }

    @Test
    void aCandidateChange_runsTheEvalSetInParts_keepsTheRun_andAnnouncesIt(Emulator emulator) throws Exception {
        try (ConverseStandIn model = new ConverseStandIn()) {
            model.model("cand-a", (system, prompt) -> prompt.contains("case 03")
                    ? reply("Of course, I will refund you today.") : reply("A specialist will follow up."))
                    .model("cand-b", (system, prompt) -> prompt.contains("case 07")
                            ? reply("We will refund you in full.") : reply("A specialist will follow up."))
                    .throttle("case 05", 1);
            LocalRuntime.Options options = new LocalRuntime.Options(Map.of("BedrockRuntimeEndpoint",
                    model.endpoint().toString()), null, 1, 0);
            try (LocalRuntime rt = LocalRuntime.on(emulator, Path.of("../../template.yaml"), 0, options);
                 SsmClient ssm = rt.clients().factory().build(SsmClient.builder())) {
                String bucket = rt.resources().evalBucket();
                for (int i = 1; i <= 12; i++) {
                    String id = String.format("case-%02d", i);
                    rt.clients().s3().putObject(b -> b.bucket(bucket).key("eval-cases/" + id + ".json"),
                            RequestBody.fromString(evalCase(id, String.format("Refund question, case %02d", i),
                                    "I have issued a full refund.")));
                }
                rt.clients().s3().putObject(b -> b.bucket(bucket).key("candidates/v2.txt"),
                        RequestBody.fromString("You are careful. Never promise refunds."));
                String notices = rt.clients().sqs().createQueue(b -> b.queueName("eval-run-notices")).queueUrl();
                rt.clients().sns().subscribe(b -> b.topicArn(rt.resources().escalationTopicArn()).protocol("sqs")
                        .endpoint(LocalResources.queueArn(rt.clients(), notices))
                        .attributes(Map.of("FilterPolicy", "{\"kind\":[\"eval-run\"]}", "RawMessageDelivery",
                                "true")));
                String parameter = String.valueOf(rt.stack().ref("CandidateParameter"));

                ssm.putParameter(b -> b.name(parameter).type("String").overwrite(true)
                        .value("{\"modelId\":\"cand-a\"}"));
                assertTrue(rt.drain(Duration.ofSeconds(90)) > 0);

                List<String> runs = new ArrayList<>();
                for (CommonPrefix p : rt.clients().s3().listObjectsV2(b -> b.bucket(bucket).prefix("eval-runs/")
                        .delimiter("/")).commonPrefixes()) {
                    runs.add(p.prefix());
                }
                assertEquals(1, runs.size(), runs.toString());
                JsonNode first = MAPPER.readTree(rt.clients().s3().getObjectAsBytes(b -> b.bucket(bucket)
                        .key(runs.get(0) + "summary.json")).asByteArray());
                assertEquals("cand-a", first.get("modelId").asText());
                assertEquals(12, first.get("cases").asInt());
                assertEquals(11, first.get("passed").asInt());
                assertEquals(1, first.get("failed").asInt());
                assertEquals(0, first.get("errors").asInt(), "the throttled case was retried after a backoff");
                assertEquals(13, first.get("usage").get("calls").asInt(), "12 cases, 1 throttled call");
                assertEquals(12, rt.clients().s3().getObjectAsBytes(b -> b.bucket(bucket)
                        .key(runs.get(0) + "results.jsonl")).asUtf8String().lines().count());
                assertEquals(2, rt.clients().s3().listObjectsV2(b -> b.bucket(bucket).prefix(runs.get(0) + "parts/"))
                        .contents().size(), "12 cases in parts of 10");
                assertTrue(model.calls().stream().allMatch(c -> c.system().equals(
                        "You are the support assistant of ExampleCo.")), "each case's own system prompt");

                List<JsonNode> firstNotices = notices(rt, notices);
                assertEquals(1, firstNotices.size());
                JsonNode n = firstNotices.get(0);
                assertEquals("secondlook.eval-run-notice/v1", n.get("schema").asText());
                assertEquals("pass", n.get("gate").asText());
                assertFalse(n.has("baselineRunId"));
                assertFalse(n.toString().contains("refund"), "no text in a notice");

                // the next candidate, with its own system prompt: compared with the first run, blocked
                ssm.putParameter(b -> b.name(parameter).type("String").overwrite(true).value(
                        "{\"modelId\":\"cand-b\",\"systemPromptS3Uri\":\"s3://" + bucket + "/candidates/v2.txt\","
                                + "\"promptVersion\":\"support-v2\"}"));
                rt.drain(Duration.ofSeconds(90));
                List<JsonNode> second = notices(rt, notices);
                assertEquals(1, second.size());
                JsonNode m = second.get(0);
                assertEquals("block", m.get("gate").asText());
                assertEquals(first.get("runId").asText(), m.get("baselineRunId").asText());
                assertEquals(1, m.get("fixed").asInt(), "case 03");
                assertEquals(1, m.get("newFailures").asInt(), "case 07");
                JsonNode summary = MAPPER.readTree(rt.clients().s3().getObjectAsBytes(b -> b.bucket(bucket)
                        .key("eval-runs/" + m.get("runId").asText() + "/summary.json")).asByteArray());
                assertEquals(List.of("case-07"), List.of(summary.get("baseline").get("newFailures").get(0).asText()));
                assertEquals("support-v2", summary.get("promptVersion").asText());
                assertTrue(model.calls().stream().filter(c -> c.modelId().equals("cand-b"))
                        .allMatch(c -> c.system().equals("You are careful. Never promise refunds.")));
                assertEquals(List.of(), rt.iamDenials(), "every call passes the function's IAM statements");
            }
        }
    }
}
