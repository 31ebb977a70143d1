package dev.secondlook.core.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordNormalizerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SourceRef SRC = new SourceRef("b", "k", null, "e", 1);
    private final RecordNormalizer normalizer = RecordNormalizer.offline();

    /** The sample Bedrock log in events/, by request id. */
    private static Map<String, JsonNode> sample() throws IOException {
        Map<String, JsonNode> byId = new HashMap<>();
        List<String> lines = Files.readAllLines(Path.of("../../events/logs/bedrock-invocations.jsonl"));
        for (String l : lines) {
            try {
                JsonNode n = MAPPER.readTree(l);
                if (n.has("requestId")) {
                    byId.put(n.get("requestId").asText(), n);
                }
            } catch (IOException malformedOnPurpose) {
                // the sample holds a malformed line on purpose
            }
        }
        return byId;
    }

    private NormalizeResult one(JsonNode n) {
        List<NormalizeResult> all = normalizer.normalize(n, SRC);
        assertEquals(1, all.size());
        return all.get(0);
    }

    private Interaction normalized(JsonNode n) {
        return assertInstanceOf(NormalizeResult.Normalized.class, one(n)).interaction();
    }

    @Test
    void converse_withSystemPromptAndMetadata() throws IOException {
        Interaction i = normalized(sample().get("7b3e1c2a-0001-4e5f-9a1b-000000000001"));
        assertEquals("bedrock-converse", i.format());
        assertEquals("7b3e1c2a-0001-4e5f-9a1b-000000000001", i.recordId());
        assertTrue(i.systemPrompt().startsWith("You are a billing support assistant"));
        assertEquals("Is the premium plan refundable after 30 days?", i.prompt());
        assertTrue(i.output().contains("I have issued a full refund"));
        assertEquals("billing.refund-policy", i.requestMetadata().get("route"));
        assertEquals("end_turn", i.stopReason());
        assertEquals(20, i.inputTokens());
    }

    @Test
    void converse_guardrailIntervened_fromStopReason() throws IOException {
        Interaction i = normalized(sample().get("915a6a04-3f83-4c70-a277-7fbf7ea546b3"));
        assertEquals("INTERVENED", i.guardrailAction());
        assertEquals("guardrail_intervened", i.stopReason());
        assertTrue(i.output().startsWith("Sorry, I can't help"));
    }

    @Test
    void invokeModel_anthropic_withGuardrailAction() throws IOException {
        Interaction i = normalized(sample().get("ba78ac1f-5ea4-4e2a-a936-92f7e13c96c4"));
        assertEquals("bedrock-invoke-model", i.format());
        assertEquals("You are a helpful assistant.", i.systemPrompt());
        assertEquals("I have a very suspicious question.", i.prompt());
        assertEquals("You shouldn't ask this question", i.output());
        assertEquals("INTERVENED", i.guardrailAction());
        assertEquals("end_turn", i.stopReason());
    }

    @Test
    void invokeModel_titanLlamaMistral_bodies() throws IOException {
        Map<String, JsonNode> s = sample();
        assertEquals("The parcel left the depot on Monday.",
                normalized(s.get("7b3e1c2a-0005-4e5f-9a1b-000000000005")).output());
        Interaction llama = normalized(s.get("7b3e1c2a-0006-4e5f-9a1b-000000000006"));
        assertTrue(llama.output().contains("AKIAQYLPMN5HFIQR7XB2"));
        assertEquals("stop", llama.stopReason());
        assertEquals("Bonjour.", normalized(s.get("7b3e1c2a-0011-4e5f-9a1b-000000000011")).output());
    }

    @Test
    void sidecarOutsideTheAllowList_isRejectedWithReason() throws IOException {
        NormalizeResult r = one(sample().get("7b3e1c2a-0007-4e5f-9a1b-000000000007"));
        NormalizeResult.Rejected rej = assertInstanceOf(NormalizeResult.Rejected.class, r);
        assertEquals("sidecar-not-allowed", rej.code());
        assertTrue(rej.detail().contains("my-bedrock-logs"));
    }

    @Test
    void sidecarInTheLogBucket_isReadGzipped_andMissingOneLeavesTheOutputJudged() throws IOException {
        JsonNode rec = sample().get("7b3e1c2a-0007-4e5f-9a1b-000000000007");
        byte[] body = MAPPER.writeValueAsBytes(MAPPER.readTree(
                "{\"system\":[{\"text\":\"Summarise contracts.\"}],\"messages\":[{\"role\":\"user\","
                        + "\"content\":[{\"text\":\"Here is the contract ...\"}]}]}"));
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(body);
        }
        SourceRef inLogBucket = new SourceRef("my-bedrock-logs", "AWSLogs/x.json.gz", null, "e", 7);
        java.util.List<String> opened = new java.util.ArrayList<>();
        RecordNormalizer withSidecar = new RecordNormalizer((bucket, key) -> {
            opened.add(bucket + "/" + key);
            return new java.io.ByteArrayInputStream(gz.toByteArray());
        }, java.util.Set.of(), 1024 * 1024);
        Interaction i = assertInstanceOf(NormalizeResult.Normalized.class,
                withSidecar.normalize(rec, inLogBucket).get(0)).interaction();
        assertEquals("Here is the contract ...", i.prompt());
        assertEquals("Summarise contracts.", i.systemPrompt());
        assertTrue(opened.get(0).endsWith("/data/7b3e1c2a-0007_input.json.gz"));

        Interaction missing = assertInstanceOf(NormalizeResult.Normalized.class,
                RecordNormalizer.offline().normalize(rec, inLogBucket).get(0)).interaction();
        assertTrue(missing.promptOffloaded());
        assertEquals("Summary: the contract renews yearly.", missing.output());

        RecordNormalizer tiny = new RecordNormalizer((b, k) -> new java.io.ByteArrayInputStream(gz.toByteArray()),
                java.util.Set.of(), 10);
        assertEquals("sidecar-too-large", assertInstanceOf(NormalizeResult.Rejected.class,
                tiny.normalize(rec, inLogBucket).get(0)).code());
    }

    @Test
    void failedCall_isSkippedNotJudged() throws IOException {
        NormalizeResult r = one(sample().get("7b3e1c2a-0008-4e5f-9a1b-000000000008"));
        assertEquals("model-call-failed", assertInstanceOf(NormalizeResult.Skipped.class, r).code());
    }

    @Test
    void streamedInvokeModelBody_concatenatesChunks() throws IOException {
        JsonNode n = MAPPER.readTree("{\"schemaType\":\"ModelInvocationLog\",\"requestId\":\"s1\","
                + "\"operation\":\"InvokeModelWithResponseStream\",\"modelId\":\"anthropic.claude-3\","
                + "\"input\":{\"inputBodyJson\":{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}},"
                + "\"output\":{\"outputBodyJson\":[{\"type\":\"content_block_delta\",\"delta\":{\"text\":\"Hel\"}},"
                + "{\"type\":\"content_block_delta\",\"delta\":{\"text\":\"lo\"}},"
                + "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}]}}");
        Interaction i = normalized(n);
        assertEquals("Hello", i.output());
        assertEquals("end_turn", i.stopReason());
    }

    @Test
    void unknownShape_andNonObject_areRejectedWithReasons() throws IOException {
        assertEquals("unrecognised-format", assertInstanceOf(NormalizeResult.Rejected.class,
                one(MAPPER.readTree("{\"hello\":\"world\"}"))).code());
        assertEquals("not-an-object", assertInstanceOf(NormalizeResult.Rejected.class,
                one(MAPPER.readTree("[1,2]"))).code());
        assertEquals("missing-request-id", assertInstanceOf(NormalizeResult.Rejected.class,
                one(MAPPER.readTree("{\"schemaType\":\"ModelInvocationLog\","
                        + "\"operation\":\"Converse\",\"modelId\":\"m\"}"))).code());
    }
}
