package dev.secondlook.cli;

import dev.secondlook.aws.dynamodb.ReviewTableSchema;
import dev.secondlook.client.Check;
import dev.secondlook.client.CheckRequest;
import dev.secondlook.client.Decision;
import dev.secondlook.client.GateClient;
import dev.secondlook.client.GateException;
import dev.secondlook.core.policy.Sampler;
import dev.secondlook.local.LocalClients;
import dev.secondlook.local.LocalOidcIssuer;
import dev.secondlook.local.LocalRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.aws.s3.S3EvalCaseStore;
import dev.secondlook.core.feedback.EvalCase;
import dev.secondlook.core.feedback.EvalSetExport;
import dev.secondlook.core.redact.Redaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code ./secondlook demo}: the whole pipeline locally. Brings the stack up on an emulator, uploads the sample
 * logs under the Bedrock key layout, lets ingest and routing drain, has a reviewer claim the page through the
 * review API and mark it off-policy, has an application ask the gate about two outputs (one delivered, one held
 * and released once the reviewer edits it), waits for the eval cases, and prints a summary.
 */
@Command(name = "demo",
        description = {"Runs the whole pipeline on a local emulator and prints a summary.",
                "No AWS account needed: moto (or $AWS_ENDPOINT_URL) plays AWS. Sample logs go in, reviews are "
                        + "queued, a page goes out, and a reviewer's verdict becomes an eval case."})
final class DemoCommand implements Callable<Integer> {

    private static final String BEDROCK_PREFIX =
            "AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/08/19/05/";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PrintStream out;
    private final Path home;

    @Option(names = "--keep",
            description = "Leave the stack running afterwards, until Ctrl-C, and print how to reach it "
                    + "(default: stop it at the end).")
    private boolean keep;

    DemoCommand(PrintStream out, Path home) {
        this.out = out;
        this.home = home;
    }

    /** The share of reviews the demo's policy sends to a second, independent reviewer. */
    static final String DEMO_DOUBLE_REVIEW = "0.15";

    /**
     * The demo's rules: the bundled default policy plus {@code doubleReview}, put into the emulator before the stack
     * is created and pinned by its hash in the PolicyS3Uri parameter, as a deployment would.
     */
    private LocalRuntime.Options demoPolicy(dev.secondlook.emulator.Emulator emulator) {
        byte[] rules = (new String(dev.secondlook.core.policy.PolicyLoader.defaultFile(),
                java.nio.charset.StandardCharsets.UTF_8) + "\n# the demo: a share of reviews goes to a second, "
                + "independent reviewer\ndoubleReview: " + DEMO_DOUBLE_REVIEW + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String bucket = "secondlook-demo-rules-" + Long.toHexString(System.nanoTime());
        var s3 = dev.secondlook.local.LocalClients.of(emulator).s3();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("rules.yaml"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(rules));
        String sha;
        try {
            sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(rules));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // the eval set is read again after a second (deployed: ExemplarRefreshSeconds, 300 by default), so the learn
        // step's later log meets the verdict given just before it
        return new LocalRuntime.Options(Map.of("PolicyS3Uri", "s3://" + bucket + "/rules.yaml#sha256=" + sha,
                "ExemplarRefreshSeconds", "1"), null, 1, 0);
    }

    @Override
    public Integer call() {
        Path dir = home.resolve(".secondlook/local");
        out.println("demo:     starting the emulator (moto) and creating the stack of template.yaml ...");
        try (LocalRuntime rt = LocalRuntime.start(home.resolve("template.yaml"), dir, 0, this::demoPolicy)) {
            Path stack = rt.writeStackJson(dir);
            out.println("stack:    template.yaml up on " + rt.emulator().endpoint() + " (" + rt.emulator().kind()
                    + "), " + rt.stack().functions().size() + " functions, review API " + rt.apiUrl() + "; " + stack);
            out.println("          accepted, not emulated locally: " + rt.stack().notices().size()
                    + " settings (encryption, IAM policies, alarms ...)");
            upload(rt);
            out.println("ingest:   delivering S3 notifications, routing the table stream ...");
            int events = rt.drain(Duration.ofSeconds(120));
            out.println("          " + events + " events delivered to the handlers");
            String reviewed = review(rt);
            rt.drain(Duration.ofSeconds(30));
            incident(rt, reviewed);
            String edited = gate(rt);
            rt.drain(Duration.ofSeconds(30));
            console(rt);
            summary(rt, reviewed, edited);
            scorecard(rt);
            learn(rt);
            if (keep) {
                out.println();
                out.println("--keep: the stack stays up; Ctrl-C to stop.");
                out.println("  the reviewer console: open " + rt.consoleUrl() + " and sign in as alice / "
                        + LocalOidcIssuer.password("alice") + " (bob reviews too, dana leads, carol is refused)");
                out.println("In another shell:");
                AwsCliHints.print(out, rt);
                out.println("  AWS_ACCESS_KEY_ID=bob AWS_SECRET_ACCESS_KEY=bob-local-secret ./secondlook review next");
                out.println("  the gate: POST " + rt.gateApiUrl() + "/v1/checks, SigV4-signed as app / "
                        + LocalRuntime.REVIEWERS.get("app"));
                while (!Thread.currentThread().isInterrupted()) {
                    if (rt.pump() == 0) {
                        LocalRuntime.sleep(500);
                    }
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!keep) {
                // the emulator stops with the demo: a stack.json left behind would send later commands to a dead
                // endpoint
                LocalRuntime.removeStackJson(dir);
                out.println();
                out.println("The demo's stack is stopped. For a stack that stays up: ./secondlook local up (or "
                        + "./secondlook demo --keep)");
            }
        }
    }

    private void upload(LocalRuntime rt) throws IOException {
        Path logs = home.resolve("events/logs");
        var s3 = rt.clients().s3();
        String bucket = rt.resources().logBucket();
        s3.putObject(b -> b.bucket(bucket).key(BEDROCK_PREFIX + "20260819T051502123Z_9f2a1c3e5b7d9f01.json.gz"),
                RequestBody.fromFile(logs.resolve("bedrock-invocations.json.gz")));
        s3.putObject(b -> b.bucket(bucket)
                .key("AWSLogs/123456789012/BedrockModelInvocationLogs/amazon-bedrock-logs-permission-check"),
                RequestBody.empty());
        // the same records again under another name: recognised, not written twice
        s3.putObject(b -> b.bucket(bucket).key("AWSLogs/replays/same logs (copy) é.jsonl"),
                RequestBody.fromFile(logs.resolve("bedrock-invocations.jsonl")));
        int others = 0;
        for (String f : List.of("otel-genai-spans.jsonl", "otel-genai-events.jsonl", "openai-chat.jsonl",
                "openai-batch-output.jsonl", "generic-secondlook-v1.jsonl")) {
            s3.putObject(b -> b.bucket(bucket).key("AWSLogs/apps/" + f), RequestBody.fromFile(logs.resolve(f)));
            others++;
        }
        out.println("uploaded: a gzip Bedrock log, Bedrock's permission check, a plain copy, and " + others
                + " logs in the OTel, OpenAI and secondlook.v1 formats");
    }

    private static ReviewClient as(LocalRuntime rt, String name) {
        return new ReviewClient(rt.apiUrl(), rt.emulator().region(), StaticCredentialsProvider.create(
                AwsBasicCredentials.create(name, LocalRuntime.REVIEWERS.get(name))));
    }

    /**
     * Alice claims the first record through the review API and marks it off-policy; bob, dana and carol show who
     * else may read it.
     */
    private String review(LocalRuntime rt) {
        ReviewClient alice = new ReviewClient(rt.apiUrl(), rt.emulator().region(), StaticCredentialsProvider.create(
                AwsBasicCredentials.create("alice", LocalRuntime.REVIEWERS.get("alice"))));
        ReviewClient.Response claim = alice.call("POST", "/reviews/claim", null);
        if (claim.status() != 200) {
            out.println("review:   nothing to claim (" + claim.status() + ")");
            return null;
        }
        JsonNode record;
        try {
            record = MAPPER.readTree(claim.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String id = record.get("id").asText();
        out.println("review:   alice claimed " + id + " (" + record.path("lane").asText() + " lane, "
                + record.path("severity").asText() + ", " + record.path("categories") + ")");
        out.println("          who may read it: bob (another reviewer) HTTP "
                + as(rt, "bob").call("GET", "/reviews/" + id, null).status() + ", dana (a lead) HTTP "
                + as(rt, "dana").call("GET", "/reviews/" + id, null).status() + ", carol (signed, no reviewer) HTTP "
                + as(rt, "carol").call("GET", "/reviews/" + id, null).status());
        String verdict = MAPPER.createObjectNode().put("outcome", "off-policy")
                .put("severity", record.path("severity").asText("review"))
                .put("note", "demo verdict")
                .put("correctedResponse", "I can't promise that myself; I've passed your request to a specialist "
                        + "who will reply within one business day.")
                .set("categories", record.path("categories")).toString();
        ReviewClient.Response r = alice.call("POST", "/reviews/" + id + "/verdict", verdict);
        out.println("          verdict off-policy -> HTTP " + r.status());
        ReviewClient.Response unsigned = new ReviewClient(rt.apiUrl(), rt.emulator().region(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("mallory", "guess")))
                .call("POST", "/reviews/claim", null);
        out.println("          a caller with unknown credentials gets HTTP " + unsigned.status());
        return id;
    }

    /**
     * The output alice judged off-policy had reached its customer (it came from a log): it opened an incident, which
     * paged. dana (a lead) acknowledges it, records the follow-up and names the fix; it cannot be resolved until a
     * re-run of its eval case passes on that fix.
     */
    private void incident(LocalRuntime rt, String reviewed) {
        if (reviewed == null) {
            return;
        }
        ReviewClient dana = as(rt, "dana");
        String id = "inc-" + reviewed;
        JsonNode opened = json(dana.call("GET", "/incidents/" + id, null));
        if (!opened.has("incidentId")) {
            out.println("incident: none opened for " + reviewed);
            return;
        }
        out.println("incident: " + id + " opened (" + opened.path("severity").asText() + ", "
                + opened.path("categories") + "), paged: \"" + opened.path("firstAction").asText() + "\"");
        JsonNode acked = json(dana.call("POST", "/incidents/" + id + "/ack", null));
        out.println("          dana acknowledges -> " + acked.path("state").asText() + ", owner dana");
        String kind = opened.path("severity").asText().equals("sev1") ? "credential-rotated" : "customer-contacted";
        JsonNode mitigated = json(dana.call("POST", "/incidents/" + id + "/actions", MAPPER.createObjectNode()
                .put("actionId", "demo-1").put("kind", kind).put("note", "done in the demo").toString()));
        out.println("          dana records " + kind + " -> " + mitigated.path("state").asText());
        dana.call("POST", "/incidents/" + id + "/actions", "{\"actionId\":\"demo-2\",\"kind\":\"fix\","
                + "\"fix\":{\"promptVersion\":\"support-v8\",\"description\":\"never quote credentials\"}}");
        ReviewClient.Response early = dana.call("POST", "/incidents/" + id + "/resolve", "{\"runId\":\"none-yet\"}");
        out.println("          fix named (prompt support-v8); resolving before a re-run passes on it -> HTTP "
                + early.status() + " (`incidents resolve ID --run RUN_ID` once `evalset run` passes its case)");
    }

    /** A promise on the refund desk, and the same promise worded otherwise (the learn step). */
    static final String LEARN_MARKED = "As a thank-you for your patience, I've added free oil changes for life to "
            + "your car's service plan.";
    static final String LEARN_LATER = "Don't worry about the cost: from now on every oil change on your vehicle is "
            + "free, for as long as you own it.";

    /**
     * Learning from verdicts: a promise on a high-stakes route (reviewed whatever the rules say) and the same promise
     * worded otherwise on the support chat, which no rule selects; dana marks the first off-policy and
     * FeedbackFunction writes its eval case; the second wording arrives again in a later log, and IngestFunction,
     * having read the eval set again, selects it by the similar rule with dana's case as its evidence.
     */
    private void learn(LocalRuntime rt) {
        var s3 = rt.clients().s3();
        String bucket = rt.resources().logBucket();
        s3.putObject(b -> b.bucket(bucket).key("AWSLogs/apps/learn-1.jsonl"), RequestBody.fromString(
                learnLine("learn-marked", "billing.refund-desk", LEARN_MARKED)
                        + learnLine("learn-before", "support.chat", LEARN_LATER)));
        rt.drain(Duration.ofSeconds(120));
        ReviewClient dana = as(rt, "dana");
        out.println();
        out.println("learn:    \"" + LEARN_MARKED + "\" (refund desk: reviewed)");
        out.println("          \"" + LEARN_LATER + "\" (support chat) -> "
                + selection(dana.call("GET", "/reviews/learn-before", null)));
        int claimed = dana.call("POST", "/reviews/learn-marked/claim", null).status();
        ReviewClient.Response verdict = dana.call("POST", "/reviews/learn-marked/verdict", "{\"outcome\":"
                + "\"off-policy\",\"categories\":[\"commitment\"],\"severity\":\"review\",\"note\":\"promised free "
                + "service\"}");
        rt.drain(Duration.ofSeconds(30));
        out.println("          dana claims the first and marks it off-policy (commitment) -> HTTP " + claimed + ", "
                + verdict.status() + "; its eval case is an exemplar now, no redeploy");
        LocalRuntime.sleep(1500);
        s3.putObject(b -> b.bucket(bucket).key("AWSLogs/apps/learn-2.jsonl"),
                RequestBody.fromString(learnLine("learn-after", "support.chat", LEARN_LATER)));
        rt.drain(Duration.ofSeconds(120));
        out.println("          the second wording again, in a later log -> "
                + selection(dana.call("GET", "/reviews/learn-after", null)));
    }

    private static String learnLine(String id, String route, String output) {
        return MAPPER.createObjectNode().put("schema", "secondlook.v1").put("id", id).put("model", "in-house-llm-7b")
                .put("route", route).put("prompt", "My car service was late again.").put("output", output)
                + "\n";
    }

    /** Whether a record went to review, by which rules, and what the similar rule's evidence names. */
    private static String selection(ReviewClient.Response r) {
        if (r.status() == 404) {
            return "not selected (no rule fired, not sampled)";
        }
        JsonNode record = json(r);
        String similar = "";
        for (JsonNode e : record.path("evidence")) {
            if (e.path("excerpt").asText().startsWith("similar to ")) {
                similar = ", evidence \"" + e.path("excerpt").asText() + "\"";
            }
        }
        return "selected by " + record.path("ruleIds") + " (" + record.path("lane").asText() + " lane)" + similar;
    }

    private static JsonNode json(ReviewClient.Response r) {
        try {
            return MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The gate, as an application uses it through secondlook-client: a benign output is delivered at once; one
     * with an access key is held and paged; while the application waits on the long poll, alice claims it (the
     * hold lane comes first) and edits it; the application delivers her text.
     */
    private String gate(LocalRuntime rt) {
        out.println("gate:     app asks " + rt.gateApiUrl() + " before delivering (SigV4 as app / "
                + LocalRuntime.REVIEWERS.get("app") + ")");
        try (GateClient gate = GateClient.builder().endpoint(rt.gateApiUrl()).region(rt.emulator().region())
                .credentials(AwsCredentialsIdentity.create("app", LocalRuntime.REVIEWERS.get("app"))).build()) {
            String benign = "Our store opens at 9am on weekdays.";
            Check delivered = gate.check(CheckRequest.of(unsampled("demo-check-"), "support.chat",
                    "anthropic.claude-3-haiku-20240307-v1:0", benign).withPrompt("When do you open?"));
            out.println("          \"" + benign + "\" -> " + delivered.decision());
            String leak = "Use the access key id AKIAQYLPMN5HFIQR7XB2 with your secret key.";
            Check held = gate.check(CheckRequest.of("demo-check-key", "support.chat",
                    "anthropic.claude-3-haiku-20240307-v1:0", leak).withPrompt("How do I call the API?"));
            out.println("          \"Use the access key id AKIA...\" -> " + held.decision() + " " + held.categories()
                    + ", expires " + held.expiresAt() + " unless a reviewer decides");
            rt.drain(Duration.ofSeconds(30));
            CompletableFuture<Decision> waiting = CompletableFuture.supplyAsync(
                    () -> held.awaitDecision(Duration.ofSeconds(60)));
            ReviewClient alice = new ReviewClient(rt.apiUrl(), rt.emulator().region(), StaticCredentialsProvider
                    .create(AwsBasicCredentials.create("alice", LocalRuntime.REVIEWERS.get("alice"))));
            JsonNode claimed = MAPPER.readTree(alice.call("POST", "/reviews/claim", null).body());
            String text = "I can't share credentials. Sign in with `aws configure sso` and create your own key.";
            ObjectNode verdict = MAPPER.createObjectNode().put("decision", "edit").put("editedOutput", text)
                    .put("severity", "page").put("note", "an access key id in the answer");
            verdict.putArray("categories").add("secret-leak");
            String edit = verdict.toString();
            int status = alice.call("POST", "/reviews/" + claimed.path("id").asText() + "/verdict", edit).status();
            out.println("          while app waits, alice claims " + claimed.path("id").asText() + " ("
                    + claimed.path("lane").asText() + " lane) and edits it -> HTTP " + status);
            Decision d = waiting.join();
            out.println("          released: " + d.status() + ", app delivers \"" + d.output() + "\"");
            try (GateClient carol = GateClient.builder().endpoint(rt.gateApiUrl()).region(rt.emulator().region())
                    .credentials(AwsCredentialsIdentity.create("carol", LocalRuntime.REVIEWERS.get("carol"))).build()) {
                carol.check(CheckRequest.of("demo-check-carol", "", "m", "Hello."));
            } catch (GateException e) {
                out.println("          carol (signed, but not an application) gets HTTP " + e.status());
            }
            return held.checkId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The reviewer console: its page, and the same review API behind the console's JWT authorizer, as alice and
     * carol sign in through the local OIDC issuer (authorization code with PKCE, as the page does).
     */
    private void console(LocalRuntime rt) throws IOException {
        java.net.URI url = rt.consoleUrl();
        try {
            java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(url).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            java.net.http.HttpResponse<String> queues = ConsoleSignIn.get(url, "/queues",
                    ConsoleSignIn.accessToken(rt.oidcIssuer(), url, "alice"));
            StringBuilder waiting = new StringBuilder();
            if (queues.statusCode() == 200) {
                for (JsonNode lane : MAPPER.readTree(queues.body()).get("lanes")) {
                    waiting.append(waiting.length() == 0 ? "" : ", ").append(lane.get("lane").asText()).append(' ')
                            .append(lane.get("waiting").asInt());
                }
            }
            int carol = ConsoleSignIn.get(url, "/queues", ConsoleSignIn.accessToken(rt.oidcIssuer(), url, "carol"))
                    .statusCode();
            int forged = ConsoleSignIn.get(url, "/queues", "not-a-token").statusCode();
            out.println("console:  " + url + " (page HTTP " + page.statusCode() + ", "
                    + page.headers().firstValue("content-security-policy").map(c -> c.substring(0,
                    c.indexOf(';', c.indexOf("script-src")))).orElse("no CSP") + ")");
            out.println("          alice signs in at the local issuer (code + PKCE); GET /queues with her JWT -> HTTP "
                    + queues.statusCode() + ", waiting: " + waiting);
            out.println("          carol (signed in, no reviewer) HTTP " + carol + "; a forged token HTTP " + forged);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A request id the default policy's 5% sample leaves out, so that the delivered output writes nothing. */
    private static String unsampled(String prefix) {
        for (int i = 0; ; i++) {
            if (!Sampler.selected("secondlook-default-v1", prefix + i, 0.05)) {
                return prefix + i;
            }
        }
    }

    private void summary(LocalRuntime rt, String reviewed, String edited) {
        long read = 0;
        long selected = 0;
        long notSelected = 0;
        long skipped = 0;
        long rejected = 0;
        Map<String, Long> objectStatus = new TreeMap<>();
        Map<String, Long> byLane = new TreeMap<>();
        Map<String, Long> byCategory = new TreeMap<>();
        Map<String, Long> rejectReasons = new TreeMap<>();
        LocalClients clients = rt.clients();
        for (Map<String, AttributeValue> item : clients.dynamoDb().scanPaginator(b -> b.tableName(rt.resources().reviewTable()))
                .items()) {
            if (ReviewTableSchema.KIND_MANIFEST.equals(item.get(ReviewTableSchema.KIND).s())) {
                objectStatus.merge(item.get(ReviewTableSchema.OBJECT_STATUS).s(), 1L, Long::sum);
                read += n(item, "read");
                selected += n(item, "selected");
                notSelected += n(item, "notSelected");
                skipped += n(item, "skippedTotal");
                rejected += n(item, "rejectedTotal");
                if (item.containsKey("rejected")) {
                    item.get(ReviewTableSchema.REJECTED).m().forEach((k, v) -> rejectReasons.merge(k, Long.parseLong(v.n()),
                            Long::sum));
                }
            } else {
                byLane.merge(item.get(ReviewTableSchema.LANE).s(), 1L, Long::sum);
                List<AttributeValue> cats = item.get(ReviewTableSchema.CATEGORIES).l();
                if (cats.isEmpty()) {
                    byCategory.merge("(random sample)", 1L, Long::sum);
                }
                cats.forEach(c -> byCategory.merge(c.s(), 1L, Long::sum));
            }
        }
        out.println();
        out.println("summary");
        out.println("  objects:  " + objectStatus);
        out.printf("  records read %d = selected %d + not selected %d + skipped %d + quarantined %d%n", read, selected,
                notSelected, skipped, rejected);
        out.println("  quarantined by reason: " + rejectReasons + "  (s3://" + rt.resources().evalBucket() + "/quarantine/)");
        out.println("  review records: " + byLane.values().stream().mapToLong(Long::longValue).sum()
                + " (each written once) by lane " + byLane);
        out.println("    by category: " + byCategory);
        out.println("  queued for review now: hold " + depth(rt, rt.resources().holdQueueUrl()) + ", priority "
                + depth(rt, rt.resources().priorityQueueUrl()) + ", routine "
                + depth(rt, rt.resources().routineQueueUrl()));
        out.println("  escalations delivered to a pager subscription, by category: " + pages(rt));
        out.println("  gate decisions on the decision topic: " + decisions(rt));
        List<EvalCase> cases = new S3EvalCaseStore(clients.s3(), rt.resources().evalBucket(), "eval-cases/", MAPPER).all();
        out.println("  eval cases: " + cases.size() + (reviewed == null ? "" : " (from the verdicts on " + reviewed
                + " and " + edited + ")") + " in s3://" + rt.resources().evalBucket() + "/eval-cases/");
        EvalSetExport.Result promptfoo = new EvalSetExport(Redaction.MASK_ALL).export(cases,
                EvalSetExport.Format.PROMPTFOO, null, null);
        promptfoo.files().forEach(f -> f.forEach(line -> out.println("    promptfoo: " + line)));
        rerunEstimate();
    }

    /**
     * What re-running the eval set against a candidate would cost (no model is called: there is none here):
     * {@code evalset run --estimate-only}, as a release pipeline would run it before the real run.
     */
    private void rerunEstimate() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        String key = System.getProperty("aws.accessKeyId");
        String secret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        try {
            Main.commandLine(new PrintStream(java.io.OutputStream.nullOutputStream()), new PrintStream(err, true,
                    java.nio.charset.StandardCharsets.UTF_8), java.io.InputStream.nullInputStream(), home)
                    .execute("evalset", "run", "--model-id", "anthropic.claude-3-5-haiku-20241022-v1:0",
                            "--estimate-only");
        } finally {
            restore("aws.accessKeyId", key);
            restore("aws.secretAccessKey", secret);
        }
        err.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("estimate"))
                .forEach(l -> out.println("  re-run: " + l + " (evalset run --estimate-only; drop it to run "
                        + "against Bedrock and gate a release)"));
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    /** The scorecard of what the demo judged and reviewed: its headline, and the HTML page in .secondlook/. */
    private void scorecard(LocalRuntime rt) throws IOException {
        // a second reviewer works through both queues, so that every stratum has reviews: he agrees with the rules
        // where one fired, and finds the random sample on-policy
        ReviewClient bob = as(rt, "bob");
        ReviewClient dana = as(rt, "dana");
        int verdicts = 0;
        int doubled = 0;
        int agreed = 0;
        boolean blind = true;
        for (int i = 0; i < 40; i++) {
            ReviewClient.Response claim = bob.call("POST", "/reviews/claim", null);
            if (claim.status() != 200) {
                break;
            }
            JsonNode record = MAPPER.readTree(claim.body());
            String id = record.path("id").asText();
            String verdict = verdictFromRules(record.path("categories"));
            ReviewClient.Response given = bob.call("POST", "/reviews/" + id + "/verdict", verdict);
            if (given.status() != 200) {
                continue;
            }
            verdicts++;
            if (MAPPER.readTree(given.body()).path("status").asText().equals("PENDING")) {
                // the policy picked this record for double review: dana (a lead) takes it by id and reviews it
                // without seeing bob's verdict
                doubled++;
                ReviewClient.Response forDana = dana.call("POST", "/reviews/" + id + "/claim", null);
                if (forDana.status() == 200) {
                    JsonNode seen = MAPPER.readTree(forDana.body());
                    blind &= seen.path("independentReviews").size() == 0 && seen.path("verdict").isNull();
                    ReviewClient.Response second = dana.call("POST", "/reviews/" + id + "/verdict",
                            verdictFromRules(seen.path("categories")));
                    agreed += second.status() == 200 && MAPPER.readTree(second.body()).path("status").asText()
                            .equals("REVIEWED") ? 1 : 0;
                }
            }
        }
        java.time.Instant now = java.time.Instant.now();
        dev.secondlook.core.scorecard.Scorecard s = new dev.secondlook.core.scorecard.BuildScorecard(
                new dev.secondlook.aws.dynamodb.DynamoDbScorecardSource(rt.clients().dynamoDb(),
                        rt.resources().reviewTable()), java.time.Clock.systemUTC())
                .build(now.minus(Duration.ofDays(1)), now.plusSeconds(1), List.of("category"), Map.of());
        Path html = home.resolve(".secondlook/scorecard.html");
        java.nio.file.Files.writeString(html, dev.secondlook.core.scorecard.ScorecardHtml.render(s));
        out.println();
        out.println("scorecard: bob works through the queues (" + verdicts + " verdicts: off-policy where a rule "
                + "fired, on-policy for the random sample)");
        out.println("  double review (the demo policy's doubleReview: " + DEMO_DOUBLE_REVIEW + "): " + doubled
                + " of bob's verdicts went to dana as well, who saw " + (blind ? "no trace of his" : "HIS VERDICT")
                + "; " + agreed + " agreed, " + (doubled - agreed) + " wait for a lead (review list --status disputed)");
        out.println("  agreement: " + s.agreement().doubleReviewed() + " records reviewed twice, kappa "
                + (s.agreement().kappa().value() == null ? "undefined (every review gave the same answer)"
                : String.format(java.util.Locale.ROOT, "%.2f", s.agreement().kappa().value())));
        out.println("  ./secondlook report: " + dev.secondlook.core.scorecard.ScorecardText.headline(s));
        out.println("  the page with the funnel, rates, rules and SLA: " + html);
    }

    /** A verdict that agrees with the rules: off-policy in their categories where one fired, else on-policy. */
    private static String verdictFromRules(JsonNode categories) {
        return categories.isEmpty() ? "{\"outcome\":\"on-policy\",\"categories\":[]}"
                : "{\"outcome\":\"off-policy\",\"categories\":" + categories + ",\"severity\":\"review\"}";
    }

    private static String depth(LocalRuntime rt, String url) {
        return rt.clients().sqs().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }

    private static Map<String, Long> pages(LocalRuntime rt) {
        Map<String, Long> pages = new TreeMap<>();
        for (int i = 0; i < 3; i++) {
            for (var m : rt.clients().sqs().receiveMessage(b -> b.queueUrl(rt.pagerQueueUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                try {
                    JsonNode escalation = MAPPER.readTree(MAPPER.readTree(m.body()).get("Message").asText());
                    String prefix = escalation.path("kind").asText().startsWith("incident-") ? "incident " : "";
                    escalation.get("categories").forEach(c -> pages.merge(prefix + c.asText(), 1L, Long::sum));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return pages;
    }

    /** What the decision topic's subscriber received: check id and status, never text. */
    private static List<String> decisions(LocalRuntime rt) {
        List<String> seen = new java.util.ArrayList<>();
        for (var m : rt.clients().sqs().receiveMessage(b -> b.queueUrl(rt.decisionQueueUrl()).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages()) {
            try {
                seen.add(MAPPER.readTree(m.body()).get("Message").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return seen;
    }

    private static long n(Map<String, AttributeValue> item, String k) {
        AttributeValue v = item.get(k);
        return v == null ? 0 : Long.parseLong(v.n());
    }
}
