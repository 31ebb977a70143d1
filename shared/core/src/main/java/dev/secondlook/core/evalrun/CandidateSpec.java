package dev.secondlook.core.evalrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * The candidate an automatic eval run tests, as the candidate parameter ({@code /secondlook/<stack>/candidate} in
 * SSM Parameter Store) holds it: {@code {"modelId": "...", "systemPromptS3Uri": "s3://<eval bucket>/candidates/...",
 * "systemPromptVersionId": "...", "promptVersion": "support-v8"}}. An empty model id means "no candidate": a change
 * to it starts nothing.
 *
 * @param modelId               the candidate model id, inference profile or ARN; "" for none
 * @param systemPromptS3Uri     where the candidate system prompt is, or null to run each case with its own
 * @param systemPromptVersionId the object version of the system prompt, or null for the current one
 * @param promptVersion         the prompt's version as its owner names it (what an incident's fix names), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CandidateSpec(String modelId, String systemPromptS3Uri, String systemPromptVersionId,
                            String promptVersion) {

    /** Longest parameter value read (a standard SSM parameter holds at most 4 KB). */
    public static final int MAX_CHARS = 8192;

    public CandidateSpec {
        modelId = modelId == null ? "" : modelId.trim();
    }

    /** Whether a change to the parameter should start a run. */
    public boolean present() {
        return !modelId.isEmpty();
    }

    /**
     * Parses the parameter's value.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the value)
     */
    public static CandidateSpec parse(String value, ObjectMapper mapper) {
        if (value == null || value.length() > MAX_CHARS) {
            throw new IllegalArgumentException("the candidate parameter is empty or longer than " + MAX_CHARS
                    + " characters");
        }
        JsonNode json;
        try {
            json = mapper.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("the candidate parameter is not JSON: {\"modelId\": ..., "
                    + "\"systemPromptS3Uri\": ..., \"systemPromptVersionId\": ..., \"promptVersion\": ...}");
        }
        if (json == null || !json.isObject() || !json.path("modelId").isTextual()) {
            throw new IllegalArgumentException("the candidate parameter needs a string modelId");
        }
        String uri = text(json, "systemPromptS3Uri");
        if (uri != null && (!uri.startsWith("s3://") || uri.indexOf('/', 5) < 6)) {
            throw new IllegalArgumentException("systemPromptS3Uri must be s3://bucket/key");
        }
        String label = text(json, "promptVersion");
        if (label != null && label.length() > 300) {
            throw new IllegalArgumentException("promptVersion is longer than 300 characters");
        }
        return new CandidateSpec(json.get("modelId").asText(), uri, text(json, "systemPromptVersionId"), label);
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isBlank())) {
            return null;
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return n.asText().trim();
    }
}
