package dev.secondlook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.aws.dynamodb.ReviewTableSchema;
import dev.secondlook.core.policy.Sampler;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import dev.secondlook.emulator.MotoServer;
import dev.secondlook.local.LocalClients;
import dev.secondlook.local.LocalRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate on the local stack of template.yaml, driven by a SigV4 client that is not the project's: botocore's
 * {@code SigV4Auth} (the AWS CLI's and boto3's signer) with urllib, as an application in another language would.
 * A benign output is delivered; an output with an AWS key is held, pages, and alice edits it through the review API
 * while the application's long poll waits, which then returns her text; a block returns the route's fallback; a
 * hold left alone expires as its route says (by the long poll, and by the scheduled sweep); the same request id
 * twice is one check; carol, who signs correctly but is no application, gets 403; and the invocation log of a
 * checked request, arriving later through S3, writes no second record.
 *
 * <p>The stack runs the default policy with two extra hold routes of a few seconds, pinned by hash through
 * PolicyS3Uri as a deployment would pin its own rules.
 */
@ExtendWith(EmulatorExtension.class)
class GateLocalStackIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path TEMPLATE = Path.of("../../template.yaml");
    private static final String KEY_OUTPUT = "Use the access key id AKIAQYLPMN5HFIQR7XB2 with your secret key.";
    private static final String ALICE_TEXT = "I can't share credentials. Sign in with `aws configure sso` and create "
            + "your own key in the console.";
    private static final String EXPIRY_FALLBACK = "Sorry, this answer could not be checked in time.";

    /** botocore signs, urllib sends: {@code check URL KEY SECRET BODY} or {@code poll URL KEY SECRET ID WAIT}. */
    private static final String SCRIPT = """
            import json, sys, urllib.parse, urllib.request, urllib.error
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            what, url, key, secret = sys.argv[1:5]
            if what == "check":
                method, target, body = "POST", url + "/v1/checks", sys.argv[5]
                headers = {"Content-Type": "application/json"}
            else:
                method, body, headers = "GET", None, {}
                target = url + "/v1/checks/" + urllib.parse.quote(sys.argv[5], safe="") + "?waitSeconds=" + sys.argv[6]
            req = AWSRequest(method=method, url=target, data=body, headers=headers)
            SigV4Auth(Credentials(key, secret), "execute-api", "us-east-1").add_auth(req)
            p = req.prepare()
            data = p.body.encode() if isinstance(p.body, str) else p.body
            r = urllib.request.Request(p.url, data=data, method=method, headers=dict(p.headers))
            try:
                with urllib.request.urlopen(r, timeout=60) as resp:
                    status, text = resp.status, resp.read().decode()
            except urllib.error.HTTPError as e:
                status, text = e.code, e.read().decode()
            print(json.dumps({"status": status, "body": json.loads(text) if text else None}))
            """;

    private record Answer(int status, JsonNode body) {
    }

    @Test
    void theGate_deliversHoldsEditsBlocksExpires_forABotocoreClient_andTheLaterLogWritesNothingTwice(
            Emulator emulator) throws Exception {
        Path script = Files.createTempFile("gate-botocore", ".py");
        Files.writeString(script, SCRIPT);
        try (LocalRuntime rt = LocalRuntime.on(emulator, TEMPLATE, 0, new LocalRuntime.Options(
                Map.of("PolicyS3Uri", putPolicy(emulator)), null, 1, 0))) {
            String gate = rt.gateApiUrl().toString();
            String table = rt.resources().reviewTable();
            ReviewClient alice = new ReviewClient(rt.apiUrl(), rt.emulator().region(), StaticCredentialsProvider
                    .create(AwsBasicCredentials.create("alice", LocalRuntime.REVIEWERS.get("alice"))));

            // a benign output, not in the 5% sample: delivered, and nothing is written
            String benignId = unsampled("gate-it-benign-");
            Answer benign = check(script, gate, "app", body(benignId, "support.chat", "Our store opens at 9am."));
            assertEquals(200, benign.status(), benign.toString());
            assertEquals("deliver", benign.body().get("decision").asText());
            assertFalse(benign.body().has("reviewId"));
            assertTrue(item(rt, benignId).isEmpty(), "the deliver path wrote nothing");

            // an AWS key: held, and paged without its text
            Answer held = check(script, gate, "app", body("gate-it-key-1", "support.chat", KEY_OUTPUT));
            assertEquals("hold", held.body().get("decision").asText(), held.toString());
            assertEquals("gate-it-key-1", held.body().get("checkId").asText());
            assertEquals(List.of("secret-leak"), MAPPER.convertValue(held.body().get("categories"), List.class));
            assertEquals("hold", item(rt, "gate-it-key-1").get("lane").s());
            rt.drain(Duration.ofSeconds(30));
            JsonNode page = page(rt, "gate-it-key-1");
            assertEquals("check-held", page.get("kind").asText());
            assertEquals("hold", page.get("lane").asText());
            assertFalse(page.toString().contains("AKIAQYLPMN5HFIQR7XB2"), "a page carries no text");

            // the application waits on the long poll while alice claims the hold and edits it
            Process poll = start(script, "poll", gate, "app", "gate-it-key-1", "20");
            JsonNode claimed = MAPPER.readTree(alice.call("POST", "/reviews/claim", null).body());
            assertEquals("gate-it-key-1", claimed.get("id").asText(), "the hold lane is claimed first");
            assertEquals("held", claimed.get("hold").get("status").asText());
            ObjectNode edit = MAPPER.createObjectNode().put("decision", "edit").put("editedOutput", ALICE_TEXT)
                    .put("note", "an access key id in the answer");
            edit.putArray("categories").add("secret-leak");
            ReviewClient.Response verdict = alice.call("POST", "/reviews/gate-it-key-1/verdict", edit.toString());
            assertEquals(200, verdict.status(), verdict.body());
            Answer edited = finish(poll);
            assertEquals("edited", edited.body().get("status").asText(), edited.toString());
            assertEquals(ALICE_TEXT, edited.body().get("output").asText());
            rt.drain(Duration.ofSeconds(30));
            assertEquals(List.of("gate-it-key-1 edited"), decisions(rt), "pushed too: id and status, no text");

            // a block returns the route's fallback
            check(script, gate, "app", body("gate-it-key-2", "support.chat", KEY_OUTPUT));
            rt.drain(Duration.ofSeconds(30));
            assertEquals("gate-it-key-2", MAPPER.readTree(alice.call("POST", "/reviews/claim", null).body()).get("id")
                    .asText());
            assertEquals(200, alice.call("POST", "/reviews/gate-it-key-2/verdict", "{\"decision\":\"block\"}")
                    .status());
            Answer blocked = poll(script, gate, "app", "gate-it-key-2", 0);
            assertEquals("blocked", blocked.body().get("status").asText());
            assertEquals(dev.secondlook.core.policy.PolicyLoader.loadDefault().hold().termsFor("support.chat")
                    .fallback(), blocked.body().get("output").asText());

            // holds left alone expire as their route says: found by the long poll, and by the scheduled sweep
            Answer short1 = check(script, gate, "app", body("gate-it-expire-1", "it.expire", KEY_OUTPUT));
            assertEquals("hold", short1.body().get("decision").asText());
            long waited = System.nanoTime();
            Answer expired = poll(script, gate, "app", "gate-it-expire-1", 15);
            assertEquals("expired", expired.body().get("status").asText(), expired.toString());
            assertEquals(EXPIRY_FALLBACK, expired.body().get("output").asText(), "on timeout: block");
            assertTrue(System.nanoTime() - waited < TimeUnit.SECONDS.toNanos(12), "back at the timeout, not the wait");
            check(script, gate, "app", body("gate-it-expire-2", "it.expire-deliver", KEY_OUTPUT));
            LocalRuntime.sleep(3_500);
            rt.fireSchedules();
            assertEquals("expired", item(rt, "gate-it-expire-2").get(ReviewTableSchema.CHECK_STATUS).s(),
                    "expired by the sweep, nobody polling");
            rt.drain(Duration.ofSeconds(30));
            assertTrue(decisions(rt).contains("gate-it-expire-2 expired"));
            assertEquals(KEY_OUTPUT, poll(script, gate, "app", "gate-it-expire-2", 0).body().get("output").asText(),
                    "on timeout: deliver");

            // the same request id twice is one check
            Answer again = check(script, gate, "app", body("gate-it-key-1", "support.chat", KEY_OUTPUT));
            assertEquals(held.body(), again.body());
            assertEquals(1, rt.clients().dynamoDb().query(b -> b.tableName(table).keyConditionExpression("id = :id")
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromS("gate-it-key-1")))).count());

            // carol signs correctly but is no application; alice is a reviewer, not an application either
            Answer carol = check(script, gate, "carol", body("gate-it-carol", "support.chat", "Hello."));
            assertEquals(403, carol.status());
            assertEquals("forbidden", carol.body().get("error").asText());
            assertEquals(403, poll(script, gate, "alice", "gate-it-key-1", 0).status());
            assertTrue(item(rt, "gate-it-carol").isEmpty());

            // the invocation logs of the checked requests arrive later: recognised, no second record
            int before = reviewRecords(rt);
            Map<String, AttributeValue> beforeItem = item(rt, "gate-it-key-1");
            rt.clients().s3().putObject(b -> b.bucket(rt.resources().logBucket()).key(
                    "AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/12/01/10/gate-it.json"),
                    RequestBody.fromString(bedrockLog("gate-it-key-1", KEY_OUTPUT) + "\n"
                            + bedrockLog(benignId, "Our store opens at 9am.") + "\n"));
            rt.drain(Duration.ofSeconds(60));
            assertEquals(before, reviewRecords(rt), "no second record for a checked request");
            assertEquals(beforeItem, item(rt, "gate-it-key-1"), "the check's record, verdict and hold untouched");
            assertTrue(item(rt, benignId).isEmpty(), "the same sampling decision as at the gate");
            assertEquals(List.of(), rt.iamDenials());
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** The default policy with two hold routes of three seconds, pinned by its hash. */
    private static String putPolicy(Emulator emulator) throws Exception {
        String policy = Files.readString(Path.of("../../policy/default-policy.yaml")).replace("""
                  routes: ["billing.refund*"]""", """
                  routes: ["billing.refund*", "it.expire*"]""").replace("""
                  byRoute:                      # first match wins; keys left out keep the values above
                """, """
                  byRoute:                      # first match wins; keys left out keep the values above
                    - {route: "it.expire-deliver", timeoutSeconds: 3, onTimeout: deliver}
                    - {route: "it.expire", timeoutSeconds: 3, onTimeout: block, fallback: "%s"}
                """.formatted(EXPIRY_FALLBACK));
        assertTrue(policy.contains("it.expire-deliver"), "the default policy's hold section moved");
        byte[] bytes = policy.getBytes(StandardCharsets.UTF_8);
        try (LocalClients clients = LocalClients.of(emulator)) {
            String bucket = "gate-rules-" + Long.toHexString(System.nanoTime());
            clients.s3().createBucket(b -> b.bucket(bucket));
            clients.s3().putObject(b -> b.bucket(bucket).key("policy.yaml"), RequestBody.fromBytes(bytes));
            return "s3://" + bucket + "/policy.yaml#sha256="
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
    }

    /** A request id the default policy's 5% sample leaves out, as ingest and the gate both decide. */
    private static String unsampled(String prefix) {
        for (int i = 0; ; i++) {
            if (!Sampler.selected("secondlook-default-v1", prefix + i, 0.05)) {
                return prefix + i;
            }
        }
    }

    private static String body(String requestId, String route, String output) {
        ObjectNode b = MAPPER.createObjectNode().put("requestId", requestId).put("route", route)
                .put("modelId", "anthropic.claude-3-haiku-20240307-v1:0")
                .put("prompt", "How do I call the API from my laptop?").put("output", output);
        b.putObject("metadata").put("tenant", "t-042");
        return b.toString();
    }

    /** One Bedrock invocation log line of the request a check named. */
    private static String bedrockLog(String requestId, String output) {
        ObjectNode log = MAPPER.createObjectNode().put("schemaType", "ModelInvocationLog").put("schemaVersion", "1.0")
                .put("timestamp", "2026-12-01T10:00:00Z").put("accountId", "123456789012")
                .put("region", "us-east-1").put("requestId", requestId).put("operation", "Converse")
                .put("modelId", "anthropic.claude-3-haiku-20240307-v1:0");
        log.putObject("input").putObject("inputBodyJson").putArray("messages").addObject().put("role", "user")
                .putArray("content").addObject().put("text", "How do I call the API from my laptop?");
        ObjectNode out = log.putObject("output").putObject("outputBodyJson");
        out.putObject("output").putObject("message").put("role", "assistant").putArray("content").addObject()
                .put("text", output);
        out.put("stopReason", "end_turn");
        log.putObject("requestMetadata").put("route", "support.chat").put("tenant", "t-042");
        return log.toString();
    }

    private static Answer check(Path script, String gate, String who, String body) throws Exception {
        return finish(start(script, "check", gate, who, body));
    }

    private static Answer poll(Path script, String gate, String who, String id, int wait) throws Exception {
        return finish(start(script, "poll", gate, who, id, Integer.toString(wait)));
    }

    private static Process start(Path script, String what, String gate, String who, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(MotoServer.findVenv().resolve("bin").resolve("python").toString(),
                script.toString(), what, gate, who, LocalRuntime.REVIEWERS.get(who)));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static Answer finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), out);
        JsonNode r = MAPPER.readTree(out);
        return new Answer(r.get("status").asInt(), r.get("body"));
    }

    private static Map<String, AttributeValue> item(LocalRuntime rt, String id) {
        return rt.clients().dynamoDb().getItem(b -> b.tableName(rt.resources().reviewTable())
                .key(ReviewTableSchema.key(id)).consistentRead(true)).item();
    }

    private static int reviewRecords(LocalRuntime rt) {
        int n = 0;
        for (Map<String, AttributeValue> i : rt.clients().dynamoDb().scanPaginator(b -> b.tableName(
                rt.resources().reviewTable()).consistentRead(true)).items()) {
            n += ReviewTableSchema.isReview(i) ? 1 : 0;
        }
        return n;
    }

    /** The escalation a pager received for a review. */
    private static JsonNode page(LocalRuntime rt, String reviewId) throws IOException {
        for (int i = 0; i < 5; i++) {
            for (Message m : rt.clients().sqs().receiveMessage(b -> b.queueUrl(rt.pagerQueueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                JsonNode e = MAPPER.readTree(MAPPER.readTree(m.body()).get("Message").asText());
                if (reviewId.equals(e.get("reviewId").asText())) {
                    return e;
                }
            }
        }
        throw new AssertionError("no page for " + reviewId);
    }

    private final List<String> decisionsSeen = new ArrayList<>();

    /** Every decision event the subscribed queue has received so far, as "checkId status". */
    private List<String> decisions(LocalRuntime rt) throws IOException {
        for (int i = 0; i < 3; i++) {
            for (Message m : rt.clients().sqs().receiveMessage(b -> b.queueUrl(rt.decisionQueueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                JsonNode e = MAPPER.readTree(MAPPER.readTree(m.body()).get("Message").asText());
                assertEquals(List.of("checkId", "schema", "status"), sortedFields(e), "id and status, never text");
                decisionsSeen.add(e.get("checkId").asText() + " " + e.get("status").asText());
                rt.clients().sqs().deleteMessage(b -> b.queueUrl(rt.decisionQueueUrl())
                        .receiptHandle(m.receiptHandle()));
            }
        }
        assertNotNull(decisionsSeen);
        return List.copyOf(decisionsSeen);
    }

    private static List<String> sortedFields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        out.sort(null);
        return out;
    }
}
