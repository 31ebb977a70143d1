package dev.secondlook.core.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OpenTelemetry GenAI semantic conventions in OTLP/JSON: spans ({@code resourceSpans}) and log events
 * ({@code resourceLogs}). Current attributes ({@code gen_ai.input.messages}, {@code gen_ai.output.messages},
 * {@code gen_ai.system_instructions}, {@code gen_ai.provider.name}, {@code gen_ai.usage.input_tokens}) and the
 * deprecated ones ({@code gen_ai.prompt}/{@code gen_ai.completion} and their indexed forms,
 * {@code gen_ai.system}, {@code gen_ai.usage.prompt_tokens}, per-message events such as
 * {@code gen_ai.user.message} and {@code gen_ai.choice}) are both read; messages may be structured values or JSON
 * strings.
 */
final class OtelGenAiNormalizer {

    private static final String DETAILS_EVENT = "gen_ai.client.inference.operation.details";

    /**
     * Most resource attributes copied into each record's request metadata. One OTLP line pairs every span of a
     * resource with all of its attributes: a 6 MB line of 100,000 attributes and 15,000 spans made 1.5 billion
     * map entries and ran a 384 MB heap out. A review record keeps 64 metadata entries in any case; half of them
     * are left for the span's own attributes, which name the operation and often the route.
     */
    static final int MAX_RESOURCE_ATTRIBUTES = 32;

    /** Says how many resource attributes were left out of the request metadata. */
    static final String DROPPED_RESOURCE_ATTRIBUTES = "secondlook.droppedResourceAttributes";

    private OtelGenAiNormalizer() {
    }

    static boolean accepts(JsonNode json) {
        return json.has("resourceSpans") || json.has("resourceLogs");
    }

    static List<NormalizeResult> normalize(JsonNode json, SourceRef source) {
        List<NormalizeResult> out = new ArrayList<>();
        for (JsonNode rs : json.path("resourceSpans")) {
            Map<String, JsonNode> resource = resource(rs);
            for (JsonNode ss : rs.path("scopeSpans")) {
                for (JsonNode span : ss.path("spans")) {
                    out.add(span(span, resource, source));
                }
            }
        }
        for (JsonNode rl : json.path("resourceLogs")) {
            Map<String, JsonNode> resource = resource(rl);
            for (JsonNode sl : rl.path("scopeLogs")) {
                logs(sl.path("logRecords"), resource, source, out);
            }
        }
        if (out.isEmpty()) {
            out.add(new NormalizeResult.Skipped("otlp-empty", "OTLP payload without spans or log records"));
        }
        return out;
    }

    /**
     * A resource's attributes that become request metadata: value attributes only, the first
     * {@value #MAX_RESOURCE_ATTRIBUTES} in order, and when there were more, how many were left out (under
     * {@value #DROPPED_RESOURCE_ATTRIBUTES}).
     */
    private static Map<String, JsonNode> resource(JsonNode resourceGroup) {
        Map<String, JsonNode> kept = new LinkedHashMap<>();
        int dropped = 0;
        for (Map.Entry<String, JsonNode> e : OtlpValues.attributes(resourceGroup.path("resource").path("attributes"))
                .entrySet()) {
            if (!e.getValue().isValueNode()) {
                continue;
            }
            if (kept.size() < MAX_RESOURCE_ATTRIBUTES) {
                kept.put(e.getKey(), e.getValue());
            } else {
                dropped++;
            }
        }
        if (dropped > 0) {
            kept.put(DROPPED_RESOURCE_ATTRIBUTES, IntNode.valueOf(dropped));
        }
        return kept;
    }

    private static NormalizeResult span(JsonNode span, Map<String, JsonNode> resource, SourceRef source) {
        Map<String, JsonNode> attrs = OtlpValues.attributes(span.path("attributes"));
        if (attrs.keySet().stream().noneMatch(k -> k.startsWith("gen_ai."))) {
            return new NormalizeResult.Skipped("not-genai", "span has no gen_ai.* attributes");
        }
        if (span.path("status").path("code").asInt(0) == 2 || "STATUS_CODE_ERROR".equals(
                span.path("status").path("code").asText())) {
            return new NormalizeResult.Skipped("model-call-failed", "span status is ERROR");
        }
        String fallbackId = span.path("traceId").asText("") + ":" + span.path("spanId").asText("");
        return fromAttributes(attrs, resource, source, fallbackId, nanosToIso(span.path("endTimeUnixNano")),
                "otel-genai-span");
    }

    private static void logs(JsonNode records, Map<String, JsonNode> resource, SourceRef source,
                             List<NormalizeResult> out) {
        // deprecated per-message events are grouped by the span they belong to
        Map<String, List<JsonNode>> legacy = new TreeMap<>();
        for (JsonNode rec : records) {
            Map<String, JsonNode> attrs = OtlpValues.attributes(rec.path("attributes"));
            String event = rec.path("eventName").asText("");
            if (event.isEmpty() && attrs.containsKey("event.name")) {
                event = attrs.get("event.name").asText();
            }
            if (event.equals(DETAILS_EVENT)) {
                String fallback = rec.path("traceId").asText("") + ":" + rec.path("spanId").asText("") + ":"
                        + rec.path("timeUnixNano").asText("");
                out.add(fromAttributes(attrs, resource, source, fallback, nanosToIso(rec.path("timeUnixNano")),
                        "otel-genai-event"));
            } else if (event.startsWith("gen_ai.") && event.endsWith(".message") || event.equals("gen_ai.choice")) {
                String group = rec.path("traceId").asText("") + ":" + rec.path("spanId").asText("");
                legacy.computeIfAbsent(group, k -> new ArrayList<>()).add(rec);
            } else if (event.startsWith("gen_ai.")) {
                out.add(new NormalizeResult.Skipped("not-an-inference", "GenAI event " + event + " is not judged"));
            } else {
                out.add(new NormalizeResult.Skipped("not-genai", "log record is not a GenAI event"));
            }
        }
        legacy.forEach((group, recs) -> out.add(legacyGroup(group, recs, resource, source)));
    }

    private static NormalizeResult legacyGroup(String group, List<JsonNode> recs, Map<String, JsonNode> resource,
                                               SourceRef source) {
        List<String> system = new ArrayList<>();
        List<String> turns = new ArrayList<>();
        String output = null;
        String finish = null;
        Map<String, JsonNode> attrs = new LinkedHashMap<>();
        String time = null;
        for (JsonNode rec : recs) {
            Map<String, JsonNode> a = OtlpValues.attributes(rec.path("attributes"));
            attrs.putAll(a);
            String event = rec.path("eventName").asText(a.containsKey("event.name") ? a.get("event.name").asText()
                    : "");
            JsonNode body = OtlpValues.plain(rec.get("body"));
            if (event.equals("gen_ai.choice")) {
                output = Texts.content(body.path("message").path("content"));
                finish = body.path("finish_reason").asText(null);
                time = nanosToIso(rec.path("timeUnixNano"));
            } else if (event.equals("gen_ai.system.message")) {
                system.add(Texts.content(body.path("content")));
            } else {
                String role = event.substring("gen_ai.".length(), event.length() - ".message".length());
                turns.add(capitalise(role) + ": " + Texts.content(body.path("content")));
            }
        }
        if (output == null) {
            return new NormalizeResult.Skipped("no-output-captured", "GenAI message events without a gen_ai.choice");
        }
        String prompt = turns.size() == 1 ? turns.get(0).substring(turns.get(0).indexOf(": ") + 2)
                : String.join("\n\n", turns);
        String id = text(attrs, "gen_ai.response.id", group);
        return new NormalizeResult.Normalized(new Interaction(id, "otel-genai-events", source, time,
                text(attrs, "gen_ai.operation.name", "chat"), model(attrs), metadata(attrs, resource),
                String.join("\n", system), prompt, output, finish, null, tokens(attrs, true), tokens(attrs, false),
                null, false));
    }

    private static NormalizeResult fromAttributes(Map<String, JsonNode> attrs, Map<String, JsonNode> resource,
                                                  SourceRef source, String fallbackId, String timestamp,
                                                  String format) {
        String output = null;
        String finish = null;
        JsonNode outMessages = OtlpValues.structured(attrs.get("gen_ai.output.messages"));
        if (outMessages != null && outMessages.isArray()) {
            output = otelMessagesText(outMessages, true);
            for (JsonNode m : outMessages) {
                if (m.hasNonNull("finish_reason")) {
                    finish = m.get("finish_reason").asText();
                }
            }
        } else if (attrs.containsKey("gen_ai.completion")) {
            JsonNode c = OtlpValues.structured(attrs.get("gen_ai.completion"));
            output = c.isArray() ? otelMessagesText(c, true) : c.asText();
        } else if (attrs.containsKey("gen_ai.completion.0.content")) {
            output = attrs.get("gen_ai.completion.0.content").asText();
            finish = text(attrs, "gen_ai.completion.0.finish_reason", null);
        }
        if (output == null) {
            return new NormalizeResult.Skipped("no-output-captured",
                    "GenAI record without output messages (content capture off, or not a chat call)");
        }
        JsonNode finishReasons = attrs.get("gen_ai.response.finish_reasons");
        if (finish == null && finishReasons != null && finishReasons.isArray() && !finishReasons.isEmpty()) {
            finish = finishReasons.get(0).asText();
        }
        String system = "";
        String prompt = "";
        JsonNode sys = OtlpValues.structured(attrs.get("gen_ai.system_instructions"));
        if (sys != null) {
            system = sys.isArray() ? partsText(sys) : sys.asText();
        }
        JsonNode in = OtlpValues.structured(attrs.get("gen_ai.input.messages"));
        if (in == null) {
            in = OtlpValues.structured(attrs.get("gen_ai.prompt"));
        }
        if (in != null && in.isArray()) {
            if (system.isEmpty()) {
                system = otelSystem(in);
            }
            prompt = otelPrompt(in);
        } else if (in != null) {
            prompt = in.asText();
        } else {
            prompt = indexedPrompt(attrs);
            if (system.isEmpty()) {
                system = indexedSystem(attrs);
            }
        }
        String id = text(attrs, "gen_ai.response.id", fallbackId);
        return new NormalizeResult.Normalized(new Interaction(id, format, source, timestamp,
                text(attrs, "gen_ai.operation.name", "chat"), model(attrs), metadata(attrs, resource), system,
                prompt, output, finish, null, tokens(attrs, true), tokens(attrs, false), null, false));
    }

    /** Text of OTel messages ({@code parts}) or chat-style messages ({@code content}). */
    private static String otelMessagesText(JsonNode messages, boolean assistantOnly) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : messages) {
            String role = m.path("role").asText("assistant");
            if (assistantOnly && !role.equals("assistant")) {
                continue;
            }
            out.add(messageText(m));
        }
        return String.join("\n", out);
    }

    private static String messageText(JsonNode m) {
        if (m.has("parts")) {
            return partsText(m.get("parts"));
        }
        return Texts.content(m.get("content"));
    }

    private static String partsText(JsonNode parts) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : parts) {
            String type = p.path("type").asText("text");
            if (type.equals("text") && p.has("content")) {
                out.add(p.get("content").asText());
            } else if (p.isTextual()) {
                out.add(p.asText());
            } else if (p.has("text")) {
                out.add(p.get("text").asText());
            }
        }
        return String.join("\n", out);
    }

    private static String otelSystem(JsonNode messages) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : messages) {
            if (m.path("role").asText().equals("system")) {
                out.add(messageText(m));
            }
        }
        return String.join("\n", out);
    }

    private static String otelPrompt(JsonNode messages) {
        List<String> turns = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        for (JsonNode m : messages) {
            String role = m.path("role").asText("user");
            if (role.equals("system")) {
                continue;
            }
            String t = messageText(m);
            plain.add(t);
            turns.add(capitalise(role) + ": " + t);
        }
        return plain.size() == 1 ? plain.get(0) : String.join("\n\n", turns);
    }

    private static String indexedPrompt(Map<String, JsonNode> attrs) {
        List<String> turns = new ArrayList<>();
        for (int i = 0; attrs.containsKey("gen_ai.prompt." + i + ".content"); i++) {
            String role = text(attrs, "gen_ai.prompt." + i + ".role", "user");
            if (!role.equals("system")) {
                turns.add(attrs.get("gen_ai.prompt." + i + ".content").asText());
            }
        }
        return String.join("\n\n", turns);
    }

    private static String indexedSystem(Map<String, JsonNode> attrs) {
        for (int i = 0; attrs.containsKey("gen_ai.prompt." + i + ".content"); i++) {
            if ("system".equals(text(attrs, "gen_ai.prompt." + i + ".role", ""))) {
                return attrs.get("gen_ai.prompt." + i + ".content").asText();
            }
        }
        return "";
    }

    private static String model(Map<String, JsonNode> attrs) {
        return text(attrs, "gen_ai.response.model", text(attrs, "gen_ai.request.model", ""));
    }

    private static Integer tokens(Map<String, JsonNode> attrs, boolean input) {
        JsonNode v = attrs.get(input ? "gen_ai.usage.input_tokens" : "gen_ai.usage.output_tokens");
        if (v == null) {
            v = attrs.get(input ? "gen_ai.usage.prompt_tokens" : "gen_ai.usage.completion_tokens");
        }
        return v != null && v.canConvertToInt() ? v.asInt() : null;
    }

    /** Non-content attributes as request metadata: resource attributes, then the record's own. */
    private static Map<String, String> metadata(Map<String, JsonNode> attrs, Map<String, JsonNode> resource) {
        Map<String, String> meta = new LinkedHashMap<>();
        resource.forEach((k, v) -> {
            if (v.isValueNode()) {
                meta.put(k, v.asText());
            }
        });
        attrs.forEach((k, v) -> {
            boolean content = k.startsWith("gen_ai.input.") || k.startsWith("gen_ai.output.")
                    || k.startsWith("gen_ai.prompt") || k.startsWith("gen_ai.completion")
                    || k.equals("gen_ai.system_instructions");
            if (!content && v.isValueNode()) {
                meta.put(k, v.asText());
            }
        });
        if (!meta.containsKey("gen_ai.provider.name") && meta.containsKey("gen_ai.system")) {
            meta.put("gen_ai.provider.name", meta.get("gen_ai.system"));
        }
        return meta;
    }

    private static String text(Map<String, JsonNode> attrs, String key, String fallback) {
        JsonNode v = attrs.get(key);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    private static String nanosToIso(JsonNode nanos) {
        if (nanos == null || nanos.isMissingNode() || nanos.asText().isEmpty()) {
            return null;
        }
        try {
            long n = Long.parseLong(nanos.asText());
            return java.time.Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L).toString();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
