package dev.secondlook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * S3 event notifications as S3 sends them: for an object in a versioned bucket, S3 names its
 * {@code object.versionId}; moto leaves it out. The runtime adds the object's current version when it hands the
 * message to a function, so the function reads by version as it will in AWS (and needs the permission for it).
 */
final class S3Notifications {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final S3Client s3;
    private final Set<String> versionedBuckets;

    S3Notifications(S3Client s3, Set<String> versionedBuckets) {
        this.s3 = s3;
        this.versionedBuckets = Set.copyOf(versionedBuckets);
    }

    /** The message body with every S3 record of a versioned bucket naming its version. */
    String complete(String body) {
        if (body == null || versionedBuckets.isEmpty() || !body.contains("\"aws:s3\"")) {
            return body;
        }
        try {
            JsonNode root = MAPPER.readTree(body);
            boolean changed = false;
            for (JsonNode record : root.path("Records")) {
                JsonNode bucket = record.path("s3").path("bucket").path("name");
                JsonNode object = record.path("s3").path("object");
                if (!versionedBuckets.contains(bucket.asText()) || !(object instanceof ObjectNode o)
                        || o.hasNonNull("versionId")) {
                    continue;
                }
                String key = URLDecoder.decode(o.path("key").asText(), StandardCharsets.UTF_8);
                String version = s3.headObject(b -> b.bucket(bucket.asText()).key(key)).versionId();
                if (version != null) {
                    o.put("versionId", version);
                    changed = true;
                }
            }
            return changed ? MAPPER.writeValueAsString(root) : body;
        } catch (IOException | SdkException e) {
            // not an S3 event after all, or the object is already gone: deliver what the emulator sent
            return body;
        }
    }
}
