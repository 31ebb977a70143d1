package dev.secondlook.cli;

import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import dev.secondlook.local.LocalClients;
import dev.secondlook.local.LocalRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ssm.SsmClient;
import dev.secondlook.aws.ssm.SsmClients;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A policy change without a redeploy, on the local stack with IAM enforced: a new version of the PolicyS3Uri
 * object, pinned in the policy parameter, judges the next log; the records of the first log keep the version that
 * judged them; a parameter naming a file that does not match its pin leaves the policy in force.
 */
@ExtendWith(EmulatorExtension.class)
class PolicyReloadIT {

    @Test
    void aNewPinnedVersionInTheParameter_judgesTheNextLog_withoutARedeploy(Emulator emulator) throws Exception {
        LocalClients setup = LocalClients.of(emulator);
        String bucket = "rules-" + Long.toHexString(System.nanoTime());
        setup.s3().createBucket(b -> b.bucket(bucket));
        setup.s3().putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        byte[] v1 = Files.readAllBytes(Path.of("../../policy/default-policy.yaml"));
        byte[] v2 = (new String(v1, StandardCharsets.UTF_8) + "\n# v2: same rules, a new version\n")
                .getBytes(StandardCharsets.UTF_8);
        String uri1 = put(setup, bucket, v1);
        String uri2 = put(setup, bucket, v2);

        try (LocalRuntime rt = LocalRuntime.on(emulator, Path.of("../../template.yaml"), 0, new LocalRuntime.Options(
                Map.of("PolicyS3Uri", uri1, "PolicyRefreshSeconds", "1"), null, 1, 0))) {
            SsmClient ssm = SsmClients.of(rt.clients().factory());
            String parameter = parameterName(rt);
            assertEquals(uri1, ssm.getParameter(b -> b.name(parameter)).parameter().value());

            upload(rt, "a.json.gz", Path.of("../../events/logs/bedrock-invocations.json.gz"));
            assertEquals(Set.of("sha256:" + sha256(v1)), versions(rt));

            ssm.putParameter(b -> b.name(parameter).value(uri2).overwrite(true));
            Thread.sleep(1_100);
            upload(rt, "b.jsonl", renamed("8b3e1c2a"));
            assertEquals(Set.of("sha256:" + sha256(v1), "sha256:" + sha256(v2)), versions(rt),
                    "the second log judged by v2, the first log's records untouched");

            // a pin that does not match its file: ingest keeps v2 and says why
            String wrong = uri2.replaceAll("#sha256=[0-9a-f]+", "#sha256=" + "0".repeat(64));
            ssm.putParameter(b -> b.name(parameter).value(wrong).overwrite(true));
            Thread.sleep(1_100);
            upload(rt, "c.jsonl", renamed("9b3e1c2a"));
            assertEquals(Set.of("sha256:" + sha256(v1), "sha256:" + sha256(v2)), versions(rt));
            assertTrue(rt.iamDenials().isEmpty(), "ingest may read the parameter and the policy's versions: "
                    + rt.iamDenials());
        }
    }

    private static String parameterName(LocalRuntime rt) {
        return "/secondlook/" + rt.stack().stackName() + "/policy";
    }

    private static String put(LocalClients c, String bucket, byte[] body) throws Exception {
        String version = c.s3().putObject(b -> b.bucket(bucket).key("policy.yaml"), RequestBody.fromBytes(body))
                .versionId();
        return "s3://" + bucket + "/policy.yaml?versionId=" + version + "#sha256=" + sha256(body);
    }

    private static void upload(LocalRuntime rt, String name, Path file) throws Exception {
        rt.clients().s3().putObject(b -> b.bucket(rt.resources().logBucket()).key(
                "AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/11/30/08/" + name),
                RequestBody.fromFile(file));
        rt.drain(Duration.ofSeconds(60));
    }

    /** The sample Bedrock log with other request ids: new records, selected alike. */
    private static Path renamed(String prefix) throws Exception {
        Path out = Files.createTempFile("log-", ".jsonl");
        Files.writeString(out, Files.readString(Path.of("../../events/logs/bedrock-invocations.jsonl"))
                .replace("7b3e1c2a", prefix));
        return out;
    }

    private static Set<String> versions(LocalRuntime rt) {
        Set<String> out = new TreeSet<>();
        for (Map<String, AttributeValue> item : rt.clients().dynamoDb().scanPaginator(b -> b.tableName(
                rt.resources().reviewTable())).items()) {
            if ("review".equals(item.get("kind").s())) {
                out.add(item.get("policyVersion").s());
            }
        }
        return out;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
