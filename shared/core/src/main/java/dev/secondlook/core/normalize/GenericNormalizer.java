package dev.secondlook.core.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * secondlook's own generic JSONL shape, for any producer without a supported format (documented in README.md):
 * <pre>{"schema": "secondlook.v1", "id": "...", "output": "...", "prompt": "...", "system": "...",
 *  "model": "...", "route": "...", "metadata": {...}, "timestamp": "...", "stopReason": "...",
 *  "inputTokens": 0, "outputTokens": 0, "error": null}</pre>
 * {@code schema}, {@code id} and {@code output} are required.
 */
final class GenericNormalizer {

    static final String SCHEMA = "secondlook.v1";

    private GenericNormalizer() {
    }

    static boolean accepts(JsonNode json) {
        return SCHEMA.equals(json.path("schema").asText());
    }

    static NormalizeResult normalize(JsonNode json, SourceRef source) {
        String id = Texts.text(json, "id");
        if (id == null || id.isBlank()) {
            return new NormalizeResult.Rejected("missing-request-id", "secondlook.v1 record needs an 'id'");
        }
        if (json.hasNonNull("error")) {
            return new NormalizeResult.Skipped("model-call-failed", "record carries an error");
        }
        JsonNode output = json.get("output");
        if (output == null || !output.isTextual()) {
            return new NormalizeResult.Rejected("missing-output", "secondlook.v1 record needs a string 'output'");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        json.path("metadata").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
        if (json.hasNonNull("route")) {
            meta.put("route", json.get("route").asText());
        }
        return new NormalizeResult.Normalized(new Interaction(id, "secondlook-v1", source, Texts.text(json, "timestamp"),
                json.path("operation").asText("generate"), json.path("model").asText(""), meta,
                json.path("system").asText(""), json.path("prompt").asText(""), output.asText(),
                Texts.text(json, "stopReason"), Texts.text(json, "guardrailAction"), Texts.integer(json, "inputTokens"),
                Texts.integer(json, "outputTokens"), null, false));
    }
}
