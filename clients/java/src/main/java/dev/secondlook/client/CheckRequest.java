package dev.secondlook.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to check: the model call's request id (the one its invocation log carries, e.g. Bedrock's
 * {@code x-amzn-RequestId}), the application route, the model, the output and, optionally, the prompt, system
 * prompt and request metadata the policy may match on. Immutable; {@code with...} returns a copy.
 */
public final class CheckRequest {

    private final String requestId;
    private final String route;
    private final String modelId;
    private final String output;
    private final String prompt;
    private final String system;
    private final Map<String, String> metadata;

    private CheckRequest(String requestId, String route, String modelId, String output, String prompt, String system,
                         Map<String, String> metadata) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.route = Objects.requireNonNull(route, "route");
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.output = Objects.requireNonNull(output, "output");
        this.prompt = prompt;
        this.system = system;
        this.metadata = Map.copyOf(metadata);
    }

    /** A check of {@code output}, produced by {@code modelId} on {@code route} ("" for none) in call {@code requestId}. */
    public static CheckRequest of(String requestId, String route, String modelId, String output) {
        return new CheckRequest(requestId, route, modelId, output, null, null, Map.of());
    }

    public CheckRequest withPrompt(String prompt) {
        return new CheckRequest(requestId, route, modelId, output, prompt, system, metadata);
    }

    public CheckRequest withSystem(String system) {
        return new CheckRequest(requestId, route, modelId, output, prompt, system, metadata);
    }

    public CheckRequest withMetadata(Map<String, String> metadata) {
        return new CheckRequest(requestId, route, modelId, output, prompt, system, metadata);
    }

    public String requestId() {
        return requestId;
    }

    public String output() {
        return output;
    }

    /** The body of {@code POST /v1/checks} ({@code contracts/check-request.v1}). */
    String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", requestId);
        body.put("route", route);
        body.put("modelId", modelId);
        body.put("system", system);
        body.put("prompt", prompt);
        body.put("output", output);
        body.put("metadata", metadata.isEmpty() ? null : metadata);
        return Json.write(body);
    }
}
