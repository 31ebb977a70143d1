package dev.secondlook.core.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Amazon Bedrock model invocation log records: Converse / ConverseStream bodies and the model-native InvokeModel
 * bodies (Anthropic Messages, Amazon Nova and Titan, Meta Llama, Mistral, Cohere), streamed bodies as arrays of
 * chunks included.
 */
final class BedrockInvocationNormalizer {

    private BedrockInvocationNormalizer() {
    }

    static boolean accepts(JsonNode json) {
        if ("ModelInvocationLog".equals(json.path("schemaType").asText())) {
            return true;
        }
        return json.hasNonNull("modelId") && json.hasNonNull("operation")
                && (json.has("input") || json.has("output"));
    }

    static NormalizeResult normalize(JsonNode json, SourceRef source, Sidecars sidecars) {
        String requestId = Texts.text(json, "requestId");
        if (requestId == null || requestId.isBlank()) {
            return new NormalizeResult.Rejected("missing-request-id", "Bedrock record has no requestId");
        }
        String operation = json.path("operation").asText("");
        String errorCode = Texts.text(json, "errorCode");
        if (errorCode != null) {
            return new NormalizeResult.Skipped("model-call-failed", "Bedrock call failed: " + errorCode);
        }
        JsonNode input = json.path("input");
        JsonNode output = json.path("output");
        JsonNode in = input.path("inputBodyJson");
        JsonNode out = output.path("outputBodyJson");
        boolean converse = operation.startsWith("Converse");
        boolean promptOffloaded = false;
        try {
            if (!output.has("outputBodyJson") && output.hasNonNull("outputBodyS3Path")) {
                out = sidecars.body(output.get("outputBodyS3Path").asText(), source.bucket());
            }
            if (!input.has("inputBodyJson") && input.hasNonNull("inputBodyS3Path")) {
                in = sidecars.body(input.get("inputBodyS3Path").asText(), source.bucket());
            }
        } catch (Sidecars.Unusable e) {
            if (!e.code.equals("sidecar-missing") || !output.has("outputBodyJson")) {
                return new NormalizeResult.Rejected(e.code, e.getMessage());
            }
            // the output is here: judge it, and say the prompt could not be read
            promptOffloaded = true;
        }

        String system = system(in);
        String prompt = prompt(in);
        String text;
        String stopReason;
        if (out.isArray()) {
            text = streamText(out);
            stopReason = streamStopReason(out);
        } else if (converse || out.has("output")) {
            text = Texts.content(out.path("output").path("message").path("content"));
            stopReason = Texts.text(out, "stopReason");
        } else {
            text = invokeModelText(out);
            stopReason = Texts.firstNonNull(Texts.text(out, "stop_reason"), Texts.text(out, "stopReason"),
                    Texts.text(out.path("results").path(0), "completionReason"),
                    Texts.text(out.path("outputs").path(0), "stop_reason"),
                    Texts.text(out.path("generations").path(0), "finish_reason"));
        }
        String guardrail = Texts.text(out, "amazon-bedrock-guardrailAction");
        if (guardrail == null && "guardrail_intervened".equals(stopReason)) {
            guardrail = "INTERVENED";
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        json.path("requestMetadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));

        Integer inTokens = Texts.firstNonNull(Texts.integer(input, "inputTokenCount"),
                Texts.integer(out.path("usage"), "inputTokens"), Texts.integer(out.path("usage"), "input_tokens"));
        Integer outTokens = Texts.firstNonNull(Texts.integer(output, "outputTokenCount"),
                Texts.integer(out.path("usage"), "outputTokens"), Texts.integer(out.path("usage"), "output_tokens"));
        String format = converse ? "bedrock-converse" : "bedrock-invoke-model";
        return new NormalizeResult.Normalized(new Interaction(requestId, format, source,
                Texts.text(json, "timestamp"), operation, json.path("modelId").asText(""), metadata, system, prompt,
                text, stopReason, guardrail, inTokens, outTokens, null, promptOffloaded));
    }

    private static String system(JsonNode in) {
        JsonNode system = in.get("system");
        if (system != null) {
            return Texts.content(system);
        }
        return Texts.systemMessages(in.get("messages"));
    }

    private static String prompt(JsonNode in) {
        if (in.has("messages")) {
            return Texts.messages(in.get("messages"));
        }
        for (String field : new String[] {"prompt", "inputText", "message"}) {
            String v = Texts.text(in, field);
            if (v != null) {
                return v;
            }
        }
        return "";
    }

    private static String invokeModelText(JsonNode out) {
        if (out.has("content")) {
            return Texts.content(out.get("content"));
        }
        if (out.has("results")) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode r : out.get("results")) {
                sb.append(r.path("outputText").asText(""));
            }
            return sb.toString();
        }
        if (out.has("generation")) {
            return out.get("generation").asText("");
        }
        if (out.has("outputs")) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode o : out.get("outputs")) {
                sb.append(o.path("text").asText(""));
            }
            return sb.toString();
        }
        if (out.has("generations")) {
            return out.path("generations").path(0).path("text").asText("");
        }
        if (out.has("choices")) {
            JsonNode c = out.path("choices").path(0);
            return c.has("message") ? Texts.content(c.path("message").path("content")) : c.path("text").asText("");
        }
        if (out.has("completion")) {
            return out.get("completion").asText("");
        }
        return Texts.text(out, "text") == null ? "" : Texts.text(out, "text");
    }

    /** Text of a streamed body logged as an array of chunks (Converse stream and model-native stream events). */
    private static String streamText(JsonNode chunks) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode chunk : chunks) {
            JsonNode delta = chunk.path("contentBlockDelta").path("delta");
            if (delta.has("text")) {
                sb.append(delta.get("text").asText());
                continue;
            }
            JsonNode anthropicDelta = chunk.path("delta");
            if ("content_block_delta".equals(chunk.path("type").asText()) && anthropicDelta.has("text")) {
                sb.append(anthropicDelta.get("text").asText());
                continue;
            }
            for (String f : new String[] {"generation", "outputText", "completion"}) {
                if (chunk.has(f)) {
                    sb.append(chunk.get(f).asText(""));
                }
            }
            if (chunk.has("outputs")) {
                for (JsonNode o : chunk.get("outputs")) {
                    sb.append(o.path("text").asText(""));
                }
            }
        }
        return sb.toString();
    }

    private static String streamStopReason(JsonNode chunks) {
        String reason = null;
        for (JsonNode chunk : chunks) {
            String r = Texts.firstNonNull(Texts.text(chunk.path("messageStop"), "stopReason"),
                    Texts.text(chunk.path("delta"), "stop_reason"), Texts.text(chunk, "stop_reason"),
                    Texts.text(chunk, "completionReason"));
            if (r != null) {
                reason = r;
            }
        }
        return reason;
    }
}
