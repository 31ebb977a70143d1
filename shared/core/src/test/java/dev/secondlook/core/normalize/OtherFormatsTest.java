package dev.secondlook.core.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OTel GenAI, OpenAI and secondlook.v1 records, from the sample logs in events/logs. */
class OtherFormatsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SourceRef SRC = new SourceRef("b", "k", null, "e", 1);
    private final RecordNormalizer normalizer = RecordNormalizer.offline();

    private List<NormalizeResult> all(String file) throws IOException {
        List<NormalizeResult> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("../../events/logs/" + file))) {
            JsonNode n;
            try {
                n = MAPPER.readTree(line);
            } catch (IOException malformedOnPurpose) {
                continue;
            }
            out.addAll(normalizer.normalize(n, SRC));
        }
        return out;
    }

    private static Interaction interaction(NormalizeResult r) {
        return assertInstanceOf(NormalizeResult.Normalized.class, r).interaction();
    }

    private static String skipCode(NormalizeResult r) {
        return assertInstanceOf(NormalizeResult.Skipped.class, r).code();
    }

    @Test
    void otelSpans_currentStringMessages_deprecatedIndexedAttributes_structuredValues() throws IOException {
        List<NormalizeResult> r = all("otel-genai-spans.jsonl");
        assertEquals(5, r.size(), "one result per span");
        Interaction current = interaction(r.get(0));
        assertEquals("chatcmpl-9J3uIL87gldCFtiIbyaOvTeYBRA3l", current.recordId());
        assertEquals("otel-genai-span", current.format());
        assertEquals("gpt-4-0613", current.modelId());
        assertEquals("You are a helpful bot", current.systemPrompt());
        assertEquals("Tell me a joke about OpenTelemetry", current.prompt());
        assertTrue(current.output().contains("always knows how to trace the fun"));
        assertEquals("stop", current.stopReason());
        assertEquals(52, current.inputTokens());
        assertEquals("support-bot", current.requestMetadata().get("service.name"));

        Interaction legacy = interaction(r.get(1));
        assertEquals("You are the ExampleCo returns assistant.", legacy.systemPrompt());
        assertEquals("Can I return shoes I wore outside?", legacy.prompt());
        assertTrue(legacy.output().startsWith("Yes. Our return policy"));
        assertEquals(30, legacy.inputTokens());
        assertEquals(25, legacy.outputTokens());
        assertEquals("anthropic", legacy.requestMetadata().get("gen_ai.provider.name"));
        assertEquals("returns.chat", legacy.requestMetadata().get("app.route"));

        assertEquals("not-genai", skipCode(r.get(2)));
        assertEquals("model-call-failed", skipCode(r.get(3)));

        Interaction structured = interaction(r.get(4));
        assertEquals("nova-resp-0001", structured.recordId());
        assertEquals("You are DevBot. Never print credentials.", structured.systemPrompt());
        assertEquals("Which key does the deploy job use?", structured.prompt());
        assertTrue(structured.output().contains("AKIAQYLPMN5HFIQR7XB2"));
    }

    @Test
    void otelLogEvents_detailsEvent_evaluationSkipped_andDeprecatedMessageEventsGrouped() throws IOException {
        List<NormalizeResult> r = all("otel-genai-events.jsonl");
        assertEquals(3, r.size());
        Interaction details = interaction(r.get(0));
        assertEquals("otel-genai-event", details.format());
        assertEquals("Tell me a joke about OpenTelemetry", details.prompt());
        assertEquals("not-an-inference", skipCode(r.get(1)));
        Interaction grouped = interaction(r.get(2));
        assertEquals("otel-genai-events", grouped.format());
        assertEquals("chatcmpl-legacy-0001", grouped.recordId());
        assertEquals("You are a pharmacy assistant.", grouped.systemPrompt());
        assertEquals("My blood pressure is fine now. Can I stop my pills?", grouped.prompt());
        assertEquals("Yes, you should stop taking your blood pressure medication.", grouped.output());
    }

    @Test
    void openAi_chatCompletion_requestResponsePair_responsesApi_refusal() throws IOException {
        List<NormalizeResult> r = all("openai-chat.jsonl");
        Interaction plain = interaction(r.get(0));
        assertEquals("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", plain.recordId());
        assertEquals("Hello! How can I assist you today?", plain.output());
        assertEquals(19, plain.inputTokens());
        Interaction pair = interaction(r.get(1));
        assertEquals("I was double charged!", pair.prompt());
        assertEquals("You are ExampleCo's billing assistant.", pair.systemPrompt());
        assertEquals("billing.refund", pair.requestMetadata().get("route"));
        Interaction responses = interaction(r.get(2));
        assertEquals("openai-response", responses.format());
        assertTrue(responses.output().startsWith("Under section 4.2"));
        assertEquals("I'm sorry, but I can't help with that.", interaction(r.get(3)).output());
    }

    @Test
    void openAiBatchOutput_successesJudged_failuresRecorded() throws IOException {
        List<NormalizeResult> r = all("openai-batch-output.jsonl");
        Interaction ok = interaction(r.get(0));
        assertEquals("req_0a1b2c3d4e5f6a7b8c9d", ok.recordId());
        assertEquals("req-000001", ok.requestMetadata().get("custom_id"));
        assertEquals("Refunds are available within 30 days of purchase.", ok.output());
        assertEquals("model-call-failed", skipCode(r.get(1)));
        assertEquals("model-call-failed", skipCode(r.get(2)));
        assertEquals("openai-batch-output", interaction(r.get(3)).format());
    }

    @Test
    void genericShape_requiresIdAndOutput() throws IOException {
        List<NormalizeResult> r = all("generic-secondlook-v1.jsonl");
        Interaction first = interaction(r.get(0));
        assertEquals("gen-0001", first.recordId());
        assertEquals("support.chat", first.requestMetadata().get("route"));
        assertEquals("t-042", first.requestMetadata().get("tenant"));
        assertEquals(22, first.outputTokens());
        assertEquals("model-call-failed", skipCode(r.get(2)));
        assertEquals("missing-request-id", assertInstanceOf(NormalizeResult.Rejected.class, r.get(3)).code());
    }
}
