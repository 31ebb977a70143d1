package dev.secondlook.core.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI-style JSONL: chat completion objects (alone, or as {@code {"request": ..., "response": ...}} pairs that
 * carry the prompt), Responses API objects, and Batch API output lines ({@code custom_id}, {@code response.body},
 * {@code error}).
 */
final class OpenAiNormalizer {

    private OpenAiNormalizer() {
    }

    static boolean accepts(JsonNode json) {
        if (json.has("custom_id") && (json.has("response") || json.has("error"))) {
            return true;
        }
        if (json.has("response") && json.get("response").isObject() && isCompletion(json.get("response"))) {
            return true;
        }
        return isCompletion(json);
    }

    private static boolean isCompletion(JsonNode n) {
        String object = n.path("object").asText("");
        return object.equals("chat.completion") || object.equals("response")
                || (n.has("choices") && n.get("choices").isArray() && n.has("model"));
    }

    static NormalizeResult normalize(JsonNode json, SourceRef source) {
        Map<String, String> meta = new LinkedHashMap<>();
        JsonNode request = json.path("request");
        JsonNode body;
        String format;
        String id;
        if (json.has("custom_id")) {
            format = "openai-batch-output";
            meta.put("custom_id", json.get("custom_id").asText());
            JsonNode error = json.get("error");
            JsonNode response = json.path("response");
            if (error != null && !error.isNull()) {
                return new NormalizeResult.Skipped("model-call-failed", "batch request failed: "
                        + error.path("code").asText("error"));
            }
            int status = response.path("status_code").asInt(200);
            body = response.path("body");
            if (status != 200 || body.has("error")) {
                return new NormalizeResult.Skipped("model-call-failed", "batch request returned HTTP " + status);
            }
            id = firstText(response.path("request_id"), body.path("id"), json.path("custom_id"));
        } else if (json.has("response") && json.get("response").isObject()) {
            format = "openai-chat-completion";
            body = json.get("response");
            id = firstText(body.path("id"), json.path("id"));
        } else {
            format = "openai-chat-completion";
            body = json;
            id = firstText(body.path("id"));
        }
        if (id == null) {
            return new NormalizeResult.Rejected("missing-request-id", "OpenAI record has no id");
        }
        body.path("metadata").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
        request.path("metadata").fields().forEachRemaining(e -> meta.putIfAbsent(e.getKey(), e.getValue().asText()));

        String output;
        String finish;
        if ("response".equals(body.path("object").asText())) {
            format = format.equals("openai-batch-output") ? format : "openai-response";
            StringBuilder sb = new StringBuilder();
            for (JsonNode item : body.path("output")) {
                if (item.path("type").asText().equals("message")) {
                    for (JsonNode c : item.path("content")) {
                        if (c.has("text")) {
                            sb.append(sb.length() > 0 ? "\n" : "").append(c.get("text").asText());
                        } else if (c.has("refusal")) {
                            sb.append(sb.length() > 0 ? "\n" : "").append(c.get("refusal").asText());
                        }
                    }
                }
            }
            output = sb.toString();
            finish = body.path("status").asText(null);
        } else {
            JsonNode choice = body.path("choices").path(0);
            JsonNode message = choice.path("message");
            output = Texts.content(message.get("content"));
            if (output.isEmpty() && message.hasNonNull("refusal")) {
                output = message.get("refusal").asText();
            }
            finish = choice.path("finish_reason").asText(null);
        }
        JsonNode messages = request.has("messages") ? request.get("messages") : request.path("body").path("messages");
        JsonNode usage = body.path("usage");
        Integer in = usage.has("prompt_tokens") ? Integer.valueOf(usage.get("prompt_tokens").asInt())
                : usage.has("input_tokens") ? Integer.valueOf(usage.get("input_tokens").asInt()) : null;
        Integer out = usage.has("completion_tokens") ? Integer.valueOf(usage.get("completion_tokens").asInt())
                : usage.has("output_tokens") ? Integer.valueOf(usage.get("output_tokens").asInt()) : null;
        String created = body.has("created") ? java.time.Instant.ofEpochSecond(body.get("created").asLong()).toString()
                : body.has("created_at") ? java.time.Instant.ofEpochSecond(body.get("created_at").asLong()).toString()
                : null;
        return new NormalizeResult.Normalized(new Interaction(id, format, source, created,
                "response".equals(body.path("object").asText()) ? "responses.create" : "chat.completions.create",
                body.path("model").asText(""), meta, Texts.systemMessages(messages), Texts.messages(messages),
                output, finish, null, in, out, null, false));
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n != null && n.isValueNode() && !n.isNull() && !n.asText().isBlank()) {
                return n.asText();
            }
        }
        return null;
    }
}
