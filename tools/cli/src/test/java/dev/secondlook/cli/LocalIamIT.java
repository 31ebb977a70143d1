package dev.secondlook.cli;

import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import dev.secondlook.local.LocalRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local runtime enforces each function's IAM statements from template.yaml: the real template lets a log be
 * ingested with no call refused, and the same template without one permission ingest needs
 * ({@code s3:GetObjectVersion}: the log bucket is versioned, and its events name the version) refuses the read
 * with AccessDenied, as AWS would after a deploy, and nothing of the object is ingested.
 *
 * <p>It lives here rather than in tools/local because the function modules already depend on tools/local (their
 * tests provision the template with it), so tools/local cannot have them on its test classpath.
 */
@ExtendWith(EmulatorExtension.class)
class LocalIamIT {

    private static final Path TEMPLATE = Path.of("../../template.yaml");
    private static final String KEY = "AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/08/19/05/"
            + "iam.json.gz";
    private static final String PAGE_RECORD = "7b3e1c2a-0006-4e5f-9a1b-000000000006";

    private static void putLog(LocalRuntime rt) {
        rt.clients().s3().putObject(b -> b.bucket(rt.resources().logBucket()).key(KEY),
                RequestBody.fromFile(Path.of("../../events/logs/bedrock-invocations.json.gz")));
    }

    private static Map<String, AttributeValue> record(LocalRuntime rt, String id) {
        return rt.clients().dynamoDb().getItem(b -> b.tableName(rt.resources().reviewTable())
                .key(Map.of("id", AttributeValue.fromS(id)))).item();
    }

    @Test
    void theTemplatesPolicies_grantEverythingIngestRoutingAndSlaWatchUse(Emulator emulator) throws Exception {
        try (LocalRuntime rt = LocalRuntime.on(emulator, TEMPLATE, 0)) {
            putLog(rt);
            assertTrue(rt.drain(Duration.ofSeconds(60)) > 0);
            assertEquals("page", record(rt, PAGE_RECORD).get("severity").s());
            assertTrue(rt.clients().sqs().receiveMessage(b -> b.queueUrl(rt.pagerQueueUrl()).waitTimeSeconds(1))
                    .hasMessages(), "routed and paged");
            assertEquals(2, rt.fireSchedules(), "SlaWatchFunction queries the SLA index, and ScorecardFunction scans "
                    + "the table and writes its report, through their roles too");
            assertEquals(List.of(), rt.iamDenials());
        }
    }

    @Test
    void withoutGetObjectVersion_theLogIsRefusedAccessDenied_andNothingIsIngested(Emulator emulator,
                                                                                 @TempDir Path dir) throws Exception {
        String original = Files.readString(TEMPLATE);
        String withoutVersionReads = original.replace("Action: [s3:GetObject, s3:GetObjectVersion]",
                "Action: s3:GetObject");
        assertNotEquals(original, withoutVersionReads, "the template's ReadLogObjects statement moved");
        Path template = Files.writeString(dir.resolve("template.yaml"), withoutVersionReads);
        try (LocalRuntime rt = LocalRuntime.on(emulator, template, 0)) {
            putLog(rt);
            rt.drain(Duration.ofSeconds(30));
            assertEquals(Map.of(), record(rt, PAGE_RECORD));
            assertEquals(0, rt.clients().dynamoDb().scan(b -> b.tableName(rt.resources().reviewTable())).count(),
                    "no review record and no manifest");
            String denied = "IngestFunction: s3.GetObject needs s3:GetObjectVersion on arn:aws:s3:::"
                    + rt.resources().logBucket() + "/" + KEY;
            assertTrue(rt.iamDenials().stream().anyMatch(d -> d.startsWith(denied)), rt.iamDenials().toString());
        }
    }

    @Test
    void aPolicyPinnedByVersion_isReadByVersionThroughTheFunctionsRole_evenAfterItsKeyIsOverwritten(
            Emulator emulator) throws Exception {
        byte[] pinned = Files.readAllBytes(Path.of("../../policy/default-policy.yaml"));
        String uri = putPolicy(emulator, pinned);
        try (LocalRuntime rt = LocalRuntime.on(emulator, TEMPLATE, 0, new LocalRuntime.Options(
                Map.of("PolicyS3Uri", uri), null, 1, 0))) {
            putLog(rt);
            assertTrue(rt.drain(Duration.ofSeconds(60)) > 0);
            assertEquals("sha256:" + sha256(pinned), record(rt, PAGE_RECORD).get("policyVersion").s(),
                    "judged by the pinned version, not by what the key holds now");
            assertEquals(List.of(), rt.iamDenials(), "ReadPolicyOverride grants s3:GetObjectVersion on the object");
        }
    }

    @Test
    void aPolicyWhoseContentIsNotItsPin_stopsIngestFromStarting(Emulator emulator) throws Exception {
        byte[] pinned = Files.readAllBytes(Path.of("../../policy/default-policy.yaml"));
        String uri = putPolicy(emulator, pinned);
        String byHash = uri.substring(0, uri.indexOf('?')) + "#sha256=" + sha256(pinned);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> LocalRuntime.on(emulator,
                TEMPLATE, 0, new LocalRuntime.Options(Map.of("PolicyS3Uri", byHash), null, 1, 0)).close());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("cannot load the policy (POLICY_S3_URI): " + byHash
                + " does not match its pin"), messages.toString());
    }

    /**
     * Puts {@code pinned} as a versioned policy object, then overwrites its key with other rules, as someone with
     * write access to the bucket could; returns the URI pinned to the first version.
     */
    private static String putPolicy(Emulator emulator, byte[] pinned) {
        try (var clients = dev.secondlook.local.LocalClients.of(emulator)) {
            String bucket = "rules-" + Long.toHexString(System.nanoTime());
            clients.s3().createBucket(b -> b.bucket(bucket));
            clients.s3().putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status("Enabled")));
            String version = clients.s3().putObject(b -> b.bucket(bucket).key("policy.yaml"),
                    RequestBody.fromBytes(pinned)).versionId();
            clients.s3().putObject(b -> b.bucket(bucket).key("policy.yaml"), RequestBody.fromString("rules: []\n"));
            return "s3://" + bucket + "/policy.yaml?versionId=" + version;
        }
    }

    private static String sha256(byte[] bytes) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
