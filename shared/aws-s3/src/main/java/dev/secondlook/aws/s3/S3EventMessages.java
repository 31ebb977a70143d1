package dev.secondlook.aws.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.model.ObjectRef;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the S3 notifications that arrive as SQS message bodies: S3 event notifications ({@code Records}, keys
 * form-URL-encoded), the {@code s3:TestEvent} S3 sends when notifications are configured, and EventBridge
 * "Object Created" events. Only ObjectCreated events yield objects.
 */
public final class S3EventMessages {

    /** What one message announced. */
    public record Parsed(List<ObjectRef> objects, boolean testEvent, int ignoredEvents) {
    }

    private final ObjectMapper mapper;

    public S3EventMessages(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Parses one message body.
     *
     * @throws IllegalArgumentException when the body is not an S3 notification (a poison message)
     */
    public Parsed parse(String body) {
        JsonNode root;
        try {
            root = mapper.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("message body is not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("message body is not a JSON object");
        }
        if ("s3:TestEvent".equals(root.path("Event").asText())) {
            return new Parsed(List.of(), true, 0);
        }
        if (root.has("Records")) {
            List<ObjectRef> objects = new ArrayList<>();
            int ignored = 0;
            for (JsonNode r : root.get("Records")) {
                if (!r.path("eventName").asText().startsWith("ObjectCreated:")) {
                    ignored++;
                    continue;
                }
                JsonNode s3 = r.path("s3");
                JsonNode obj = s3.path("object");
                objects.add(new ObjectRef(s3.path("bucket").path("name").asText(),
                        urlDecode(obj.path("key").asText()), text(obj, "versionId"), text(obj, "eTag"),
                        obj.path("size").asLong(-1)));
            }
            return new Parsed(objects, false, ignored);
        }
        if ("aws.s3".equals(root.path("source").asText()) && root.has("detail")) {
            if (!"Object Created".equals(root.path("detail-type").asText())) {
                return new Parsed(List.of(), false, 1);
            }
            JsonNode d = root.get("detail");
            JsonNode obj = d.path("object");
            return new Parsed(List.of(new ObjectRef(d.path("bucket").path("name").asText(),
                    obj.path("key").asText(), text(obj, "version-id"), text(obj, "etag"),
                    obj.path("size").asLong(-1))), false, 0);
        }
        throw new IllegalArgumentException("message body is not an S3 event notification");
    }

    /** S3 notification keys are form-URL-encoded: '+' is a space, %XX are UTF-8 bytes. */
    static String urlDecode(String key) {
        return URLDecoder.decode(key, StandardCharsets.UTF_8);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }
}
