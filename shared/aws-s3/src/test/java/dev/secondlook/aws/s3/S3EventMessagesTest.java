package dev.secondlook.aws.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.model.ObjectRef;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class S3EventMessagesTest {

    private final S3EventMessages messages = new S3EventMessages(new ObjectMapper());

    @Test
    void objectCreated_fromEventsFolder() throws IOException {
        S3EventMessages.Parsed p = messages.parse(Files.readString(Path.of("../../events/s3-object-created.json")));
        ObjectRef o = p.objects().get(0);
        assertEquals("secondlook-logs-local", o.bucket());
        assertTrue(o.key().startsWith("AWSLogs/123456789012/BedrockModelInvocationLogs/"));
        assertEquals("92c0609a13931319b63a21c5c41be825", o.etag());
        assertNull(o.versionId());
    }

    @Test
    void keys_areFormUrlDecoded() {
        String body = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},"
                + "\"object\":{\"key\":\"AWSLogs%2Fteam+a%2Fr%C3%A9sum%C3%A9+2026%2B08.jsonl\",\"size\":3,"
                + "\"eTag\":\"abc\"}}}]}";
        assertEquals("AWSLogs/team a/résumé 2026+08.jsonl", messages.parse(body).objects().get(0).key());
    }

    @Test
    void testEvent_andNonCreateEvents_yieldNoObjects() throws IOException {
        assertTrue(messages.parse(Files.readString(Path.of("../../events/s3-test-event.json"))).testEvent());
        S3EventMessages.Parsed removed = messages.parse("{\"Records\":[{\"eventName\":\"ObjectRemoved:Delete\","
                + "\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\"}}}]}");
        assertEquals(0, removed.objects().size());
        assertEquals(1, removed.ignoredEvents());
    }

    @Test
    void eventBridgeObjectCreated_isUnderstood() {
        S3EventMessages.Parsed p = messages.parse("{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\","
                + "\"detail\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k.jsonl\",\"size\":5,"
                + "\"etag\":\"e\",\"version-id\":\"v1\"}}}");
        assertEquals("v1", p.objects().get(0).versionId());
    }

    @Test
    void poisonBodies_areRefusedClearly() {
        assertThrows(IllegalArgumentException.class, () -> messages.parse("not json"));
        assertThrows(IllegalArgumentException.class, () -> messages.parse("{\"not\":\"s3\"}"));
        assertThrows(IllegalArgumentException.class, () -> messages.parse("[]"));
    }
}
