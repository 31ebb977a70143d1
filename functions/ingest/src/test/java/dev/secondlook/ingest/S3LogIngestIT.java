package dev.secondlook.ingest;

import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingest path end to end on moto: PutObject on the log bucket, the bucket's notification on the ingest queue,
 * the handler fed by the queue, records read back from DynamoDB and S3.
 */
@ExtendWith(EmulatorExtension.class)
class S3LogIngestIT {

    private static final String KEY =
            "AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/08/19/05/20260819T051502123Z_9f2a.json.gz";

    private static byte[] sampleGz() throws IOException {
        return Files.readAllBytes(Path.of("../../events/logs/bedrock-invocations.json.gz"));
    }

    private static void put(IngestStack stack, String key, byte[] bytes) {
        stack.clients.s3().putObject(b -> b.bucket(stack.res.logBucket()).key(key), RequestBody.fromBytes(bytes));
    }

    private static String manifestId(IngestStack stack, String key, byte[] bytes) throws Exception {
        String etag = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(bytes));
        return "obj#s3://" + stack.res.logBucket() + "/" + key + "#" + etag;
    }

    @Test
    void gzipBedrockLog_withConverseAndInvokeModel_becomesTheExpectedReviewRecords(Emulator emulator)
            throws Exception {
        IngestStack stack = new IngestStack(emulator, "it-expected");
        byte[] gz = sampleGz();
        put(stack, KEY, gz);
        assertTrue(stack.drain() >= 1);

        Map<String, AttributeValue> manifest = stack.item(manifestId(stack, KEY, gz));
        assertEquals("COMPLETE", manifest.get("objectStatus").s());
        long read = Long.parseLong(manifest.get("read").n());
        long sum = Long.parseLong(manifest.get("selected").n()) + Long.parseLong(manifest.get("notSelected").n())
                + Long.parseLong(manifest.get("skippedTotal").n()) + Long.parseLong(manifest.get("rejectedTotal").n());
        assertEquals(52, read);
        assertEquals(read, sum);

        Map<String, AttributeValue> converse = stack.item("7b3e1c2a-0001-4e5f-9a1b-000000000001");
        assertEquals("PENDING", converse.get("status").s());
        assertEquals("priority", converse.get("lane").s());
        assertEquals("review", converse.get("severity").s());
        assertEquals("commitment", converse.get("categories").l().get(0).s());
        assertEquals("bedrock-converse", converse.get("format").s());
        assertEquals("billing.refund-policy", converse.get("route").s());
        assertTrue(converse.get("output").s().contains("full refund"));
        assertTrue(converse.get("systemPrompt").s().startsWith("You are a billing support assistant"));
        assertEquals(manifest.get("policyVersion").s(), converse.get("policyVersion").s());
        assertEquals("1.0", converse.get("inclusionProbability").n());
        assertEquals("s3://" + stack.res.logBucket() + "/" + KEY + "#L1", converse.get("sourceUri").s());
        assertNotNull(converse.get("dueAt"));

        Map<String, AttributeValue> invoke = stack.item("ba78ac1f-5ea4-4e2a-a936-92f7e13c96c4");
        assertEquals("bedrock-invoke-model", invoke.get("format").s());
        assertEquals("INTERVENED", invoke.get("guardrailAction").s());
        assertEquals("InvokeModel", invoke.get("operation").s());

        Map<String, AttributeValue> leak = stack.item("7b3e1c2a-0006-4e5f-9a1b-000000000006");
        assertEquals("page", leak.get("severity").s());
        String excerpt = leak.get("evidence").l().get(0).m().get("excerpt").s();
        assertFalse(excerpt.contains("AKIAIOSFODNN7"), "secrets are masked in evidence");

        assertTrue(stack.item("7b3e1c2a-0008-4e5f-9a1b-000000000008").isEmpty(), "failed calls are not judged");
    }

    @Test
    void sameEventThreeTimes_andReupload_leaveTheSameTableContents(Emulator emulator) throws Exception {
        IngestStack stack = new IngestStack(emulator, "it-redeliver");
        byte[] gz = sampleGz();
        put(stack, KEY, gz);
        stack.drain();
        Map<String, Map<String, AttributeValue>> first = stack.snapshot();
        assertTrue(first.size() > 5);

        String etag = manifestId(stack, KEY, gz).substring(manifestId(stack, KEY, gz).lastIndexOf('#') + 1);
        String body = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventName\":"
                + "\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + stack.res.logBucket() + "\"},"
                + "\"object\":{\"key\":\"" + KEY + "\",\"size\":" + gz.length + ",\"eTag\":\"" + etag + "\"}}}]}";
        for (int i = 0; i < 3; i++) {
            stack.clients.sqs().sendMessage(b -> b.queueUrl(stack.res.ingestQueueUrl()).messageBody(body));
        }
        assertEquals(3, stack.drain());
        assertEquals(first, stack.snapshot());

        put(stack, KEY, gz);
        stack.drain();
        assertEquals(first, stack.snapshot());
    }

    @Test
    void replayAfterAReviewerClaimed_leavesThatRecordUntouched(Emulator emulator) throws Exception {
        IngestStack stack = new IngestStack(emulator, "it-touched");
        byte[] gz = sampleGz();
        put(stack, KEY, gz);
        stack.drain();
        String id = "7b3e1c2a-0006-4e5f-9a1b-000000000006";
        stack.clients.dynamoDb().updateItem(b -> b.tableName(stack.res.reviewTable())
                .key(Map.of("id", AttributeValue.fromS(id)))
                .updateExpression("SET #s = :s, claimBy = :who")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("IN_REVIEW"),
                        ":who", AttributeValue.fromS("alice"))));
        Map<String, AttributeValue> claimed = stack.item(id);

        // the first run "died" before its manifest: the object is read again from scratch
        String manifest = manifestId(stack, KEY, gz);
        stack.clients.dynamoDb().deleteItem(b -> b.tableName(stack.res.reviewTable())
                .key(Map.of("id", AttributeValue.fromS(manifest))));
        put(stack, KEY, gz);
        // and the same records arrive again inside another object
        put(stack, "AWSLogs/copies/same records.jsonl",
                Files.readAllBytes(Path.of("../../events/logs/bedrock-invocations.jsonl")));
        stack.drain();

        assertEquals(claimed, stack.item(id));
        assertEquals("IN_REVIEW", stack.item(id).get("status").s());
    }

    @Test
    void malformedLines_goodOnesProcessed_badOnesQuarantinedWithReasons(Emulator emulator) throws Exception {
        IngestStack stack = new IngestStack(emulator, "it-malformed");
        String good = "{\"schemaType\":\"ModelInvocationLog\",\"requestId\":\"%s\",\"operation\":\"Converse\","
                + "\"modelId\":\"m\",\"output\":{\"outputBodyJson\":{\"output\":{\"message\":{\"content\":"
                + "[{\"text\":\"here is AKIAQYLPMN5HFIQR7XB2\"}]}}}}}";
        String content = String.format(good, "good-1") + "\n"
                + "{\"requestId\": \"broken\", \n"
                + String.format(good, "good-2") + "\r\n"
                + "{\"hello\":\"world\"}\n"
                + "\n"
                + "[1,2,3]\n"
                + String.format(good, "good-3") + "\n";
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String key = "AWSLogs/mixed/quality check.jsonl";
        put(stack, key, bytes);
        stack.drain();

        Map<String, AttributeValue> m = stack.item(manifestId(stack, key, bytes));
        assertEquals("6", m.get("read").n());
        assertEquals("3", m.get("selected").n());
        assertEquals("3", m.get("rejectedTotal").n());
        Map<String, AttributeValue> reasons = m.get("rejected").m();
        assertEquals("1", reasons.get("invalid-json").n());
        assertEquals("1", reasons.get("unrecognised-format").n());
        assertEquals("1", reasons.get("not-an-object").n());
        for (String id : List.of("good-1", "good-2", "good-3")) {
            assertFalse(stack.item(id).isEmpty(), id);
        }
        String uri = m.get("quarantineUri").s();
        String qkey = uri.substring(("s3://" + stack.res.evalBucket() + "/").length());
        String quarantined = stack.clients.s3().getObjectAsBytes(b -> b.bucket(stack.res.evalBucket()).key(qkey))
                .asUtf8String();
        List<String> lines = quarantined.lines().toList();
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).contains("\"line\":2") && lines.get(0).contains("\"reason\":\"invalid-json\""));
        assertTrue(lines.get(1).contains("\"line\":4") && lines.get(1).contains("unrecognised-format"));
        assertTrue(lines.get(2).contains("\"line\":6") && lines.get(2).contains("not-an-object"));
    }
}
