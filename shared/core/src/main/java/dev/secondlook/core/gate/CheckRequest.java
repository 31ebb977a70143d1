package dev.secondlook.core.gate;

import dev.secondlook.core.ingest.ReviewRecords;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A check, as an application sends it (schema: {@code contracts/check-request.v1.schema.json}). Validated on
 * construction; {@link InvalidCheckException} names the field.
 *
 * <p>Limits: the output at most {@value #MAX_OUTPUT_BYTES} bytes of UTF-8 (half the record's text budget, so a
 * held output is stored whole and an approval delivers exactly it), prompt and system prompt at most
 * {@value #MAX_CONTEXT_BYTES} bytes together (they may be stored truncated, as from a log), the request id at most
 * {@value #MAX_ID_CHARS} characters, at most {@value #MAX_METADATA} metadata entries.
 *
 * @param requestId the model call's request id: the one its invocation log will carry (Bedrock's {@code requestId})
 * @param route     the application route, "" for none
 * @param modelId   the model that answered
 * @param system    the system prompt, "" when none
 * @param prompt    the prompt, "" when none
 * @param output    the output to judge
 * @param metadata  the request metadata the policy may match on
 */
public record CheckRequest(String requestId, String route, String modelId, String system, String prompt,
                           String output, Map<String, String> metadata) {

    public static final int MAX_OUTPUT_BYTES = 150 * 1024;
    public static final int MAX_CONTEXT_BYTES = 512 * 1024;
    public static final int MAX_ID_CHARS = 1024;
    public static final int MAX_METADATA = 64;

    /** Where a check's review record says it came from: the gate has no log object. */
    public static final SourceRef SOURCE = new SourceRef("secondlook-gate", "v1/checks", null, null, 0);

    public CheckRequest {
        if (requestId == null || requestId.isBlank()) {
            throw new InvalidCheckException("requestId is required: the model call's request id");
        }
        if (requestId.length() > MAX_ID_CHARS) {
            throw new InvalidCheckException("requestId: at most " + MAX_ID_CHARS + " characters");
        }
        if (route == null) {
            throw new InvalidCheckException("route is required (\"\" for none)");
        }
        if (modelId == null) {
            throw new InvalidCheckException("modelId is required");
        }
        if (output == null) {
            throw new InvalidCheckException("output is required: the text to judge");
        }
        system = system == null ? "" : system;
        prompt = prompt == null ? "" : prompt;
        if (ReviewRecords.utf8Length(output) > MAX_OUTPUT_BYTES) {
            throw new InvalidCheckException("output: at most " + MAX_OUTPUT_BYTES + " bytes of UTF-8");
        }
        if ((long) ReviewRecords.utf8Length(system) + ReviewRecords.utf8Length(prompt) > MAX_CONTEXT_BYTES) {
            throw new InvalidCheckException("system and prompt: at most " + MAX_CONTEXT_BYTES
                    + " bytes of UTF-8 together");
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (metadata.size() > MAX_METADATA) {
            throw new InvalidCheckException("metadata: at most " + MAX_METADATA + " entries");
        }
    }

    /**
     * The interaction the policy judges: the request id as record id (so sampling decides as it will for the log),
     * and the route under the policy's first route key, as a log's request metadata would carry it.
     */
    public Interaction interaction(String routeKey) {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        if (!route.isBlank()) {
            meta.put(routeKey, route);
        }
        return new Interaction(requestId, "gate-check", SOURCE, null, "check", modelId, meta, system, prompt, output,
                null, null, null, null, null, false);
    }

    /** SHA-256 over every field, to tell a retry of this request from another one under the same request id. */
    public String hash() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String s : new String[] {requestId, route, modelId, system, prompt, output}) {
                field(d, s);
            }
            for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
                field(d, e.getKey());
                field(d, e.getValue());
            }
            return "sha256:" + HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        d.update((byte) ':');
        d.update(b);
    }
}
