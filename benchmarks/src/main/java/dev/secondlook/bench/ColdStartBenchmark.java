package dev.secondlook.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.secondlook.local.template.TemplateLoader;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cold start through the real Lambda runtime interface client (aws-lambda-java-runtime-interface-client) against
 * a small local Runtime API server: JVM start to the first {@code /next} poll (the handler is constructed: clients
 * built, policy compiled) and to the first response, for each function and for a minimal handler that only
 * builds the same SDK clients. The functions run from their `sam build` output, as Lambda would load them.
 */
final class ColdStartBenchmark {

    private record Case(String function, String handler, String event) {
    }

    private record Timing(double initMs, double firstResponseMs) {
    }

    private ColdStartBenchmark() {
    }

    static void run(Path home, Path ricJar) throws Exception {
        Path build = home.resolve(".aws-sam/build");
        Map<String, Object> template = TemplateLoader.load(home.resolve("template.yaml"));
        String sqsTest = "{\"Records\":[{\"messageId\":\"m1\",\"receiptHandle\":\"r\",\"body\":\"{\\\"Service\\\":"
                + "\\\"Amazon S3\\\",\\\"Event\\\":\\\"s3:TestEvent\\\"}\",\"attributes\":{},\"messageAttributes\":{},"
                + "\"eventSource\":\"aws:sqs\",\"awsRegion\":\"us-east-1\"}]}";
        String streamModify = "{\"Records\":[{\"eventID\":\"1\",\"eventName\":\"MODIFY\",\"eventSource\":"
                + "\"aws:dynamodb\",\"awsRegion\":\"us-east-1\",\"dynamodb\":{\"Keys\":{\"id\":{\"S\":\"x\"}},"
                + "\"NewImage\":{\"id\":{\"S\":\"x\"},\"kind\":{\"S\":\"manifest\"}},\"SequenceNumber\":\"1\","
                + "\"SizeBytes\":10,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}]}";
        String httpNoIdentity = "{\"version\":\"2.0\",\"rawPath\":\"/reviews\",\"requestContext\":{\"http\":"
                + "{\"method\":\"GET\",\"path\":\"/reviews\"}}}";
        List<Case> cases = List.of(
                new Case("minimal handler (same SDK clients)", MinimalHandler.class.getName(), "{}"),
                new Case("IngestFunction", "dev.secondlook.ingest.S3LogIngestHandler::handleRequest", sqsTest),
                new Case("RouteFunction", "dev.secondlook.route.DynamoDbStreamRouteHandler::handleRequest",
                        streamModify),
                new Case("ReviewFunction", "dev.secondlook.review.HttpReviewApiHandler::handleRequest", httpNoIdentity),
                new Case("FeedbackFunction", "dev.secondlook.feedback.DynamoDbStreamFeedbackHandler::handleRequest",
                        streamModify));
        String benchClasses = Path.of(ColdStartBenchmark.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        System.out.println("## 4. Cold start (runtime interface client, local Runtime API)");
        System.out.println();
        System.out.println("Median of 3 starts each, JVM flags as deployed (each function's JAVA_TOOL_OPTIONS in "
                + "template.yaml, else the Globals'; IngestFunction and GateFunction run full tiered), URLConnection "
                + "HTTP client, on the local JDK ("
                + System.getProperty("java.version") + "; Lambda runs java21). Init = JVM start to the handler's "
                + "first `/next` poll; first response = JVM start to the first `/response`.");
        System.out.println();
        System.out.println("| function | init ms | first response ms | init ratio to minimal | first response ratio "
                + "to minimal |");
        System.out.println("|---|---|---|---|---|");
        double minimal = 0;
        double minimalFirst = 0;
        for (Case c : cases) {
            String dir = build.resolve(c.function().startsWith("minimal") ? "IngestFunction" : c.function())
                    .toString();
            String cp = dir + ":" + dir + "/lib/*:" + ricJar + (c.function().startsWith("minimal") ? ":"
                    + benchClasses : "");
            List<String> flags = deployedFlags(template, c.handler());
            List<Timing> timings = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                timings.add(once(cp, c.handler(), flags, c.event()));
            }
            double init = median(timings.stream().mapToDouble(Timing::initMs).toArray());
            double first = median(timings.stream().mapToDouble(Timing::firstResponseMs).toArray());
            if (minimal == 0) {
                minimal = init;
                minimalFirst = first;
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f | %s | %.2f | %s |%n", c.function(), init,
                    Double.isNaN(first) ? "n/a (no response)" : String.format(Locale.ROOT, "%.0f", first),
                    init / minimal, Double.isNaN(first) || Double.isNaN(minimalFirst) ? "n/a"
                            : String.format(Locale.ROOT, "%.2f", first / minimalFirst));
        }
        System.out.println();
        System.out.println("Goal: init and first response <= 1.5x the minimal handler's.");
        System.out.println();
        httpClients(build, ricJar, benchClasses, template);
    }

    /**
     * Section 4c: the functions' HTTP client (URLConnection) against the CRT one, in a handler that builds the same
     * four SDK clients and makes one real SQS call before its first response ({@link FirstCallHandler}); the
     * Runtime API's server answers that call too. Median of 5 starts each, the two taking turns.
     */
    private static void httpClients(Path build, Path ricJar, String benchClasses, Map<String, Object> template)
            throws Exception {
        String dir = build.resolve("IngestFunction").toString();
        String cp = dir + ":" + dir + "/lib/*:" + ricJar + ":" + benchClasses;
        String handler = FirstCallHandler.class.getName();
        List<String> flags = deployedFlags(template, handler);
        String[] kinds = {"urlconnection", "crt"};
        List<List<Timing>> timings = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < kinds.length; k++) {
                timings.get(k).add(once(cp, handler, flags, "{}", 20, Map.of("BENCH_HTTP_CLIENT", kinds[k]), true));
            }
        }
        System.out.println("## 4c. HTTP client at cold start: URLConnection against CRT");
        System.out.println();
        System.out.println("A handler that builds the same four SDK clients (S3, DynamoDB, SQS, SNS) on one HTTP "
                + "client and makes one SQS call (ListQueues, to a local endpoint) before its first response; JVM "
                + "flags as the Globals'; median of 5 starts each, taking turns.");
        System.out.println();
        System.out.println("| HTTP client | init ms | first response ms | init ratio | first response ratio |");
        System.out.println("|---|---|---|---|---|");
        double baseInit = 0;
        double baseFirst = 0;
        for (int k = 0; k < kinds.length; k++) {
            double init = median(timings.get(k).stream().mapToDouble(Timing::initMs).toArray());
            double first = median(timings.get(k).stream().mapToDouble(Timing::firstResponseMs).toArray());
            if (k == 0) {
                baseInit = init;
                baseFirst = first;
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f | %s | %.2f | %s |%n",
                    k == 0 ? "URLConnection (the functions')" : "AWS CRT", init,
                    Double.isNaN(first) ? "n/a (no response)" : String.format(Locale.ROOT, "%.0f", first),
                    init / baseInit, Double.isNaN(first) || Double.isNaN(baseFirst) ? "n/a"
                            : String.format(Locale.ROOT, "%.2f", first / baseFirst));
        }
        System.out.println();
    }

    /**
     * Each function's package as {@code sam build} laid it out, invoked once through the runtime interface client
     * with a sample event of its own kind from {@code events/}: a class the package needs and left out (a
     * dependency excluded to keep a package small) fails it. The handlers run until their first AWS call, which
     * fails (nothing listens at the endpoint): that is an ordinary error reply, not a packaging fault.
     */
    static void smoke(Path home, Path ricJar) throws Exception {
        Path build = home.resolve(".aws-sam/build");
        Map<String, Object> template = TemplateLoader.load(home.resolve("template.yaml"));
        Path events = home.resolve("events");
        List<Case> cases = List.of(
                new Case("IngestFunction", "dev.secondlook.ingest.S3LogIngestHandler::handleRequest",
                        "sqs-ingest-batch.json"),
                new Case("RouteFunction", "dev.secondlook.route.DynamoDbStreamRouteHandler::handleRequest",
                        "dynamodb-stream-insert.json"),
                new Case("SlaWatchFunction", "dev.secondlook.slawatch.ScheduledSlaWatchHandler::handleRequest",
                        "schedule-sla-watch.json"),
                new Case("ScorecardFunction", "dev.secondlook.scorecard.ScheduledScorecardHandler::handleRequest",
                        "schedule-scorecard.json"),
                new Case("ReviewFunction", "dev.secondlook.review.HttpReviewApiHandler::handleRequest",
                        "http-api-show.json"),
                new Case("GateFunction", "dev.secondlook.gate.HttpGateApiHandler::handleRequest",
                        "http-api-check-hold.json"),
                new Case("FeedbackFunction", "dev.secondlook.feedback.DynamoDbStreamFeedbackHandler::handleRequest",
                        "dynamodb-stream-modify-off-policy.json"),
                new Case("EvalRunFunction", "dev.secondlook.evalrun.SqsEvalRunHandler::handleRequest",
                        "sqs-eval-run-batch.json"));
        for (Case c : cases) {
            String dir = build.resolve(c.function()).toString();
            Timing t = once(dir + ":" + dir + "/lib/*:" + ricJar, c.handler(), deployedFlags(template, c.handler()),
                    Files.readString(events.resolve(c.event())), 60);
            if (Double.isNaN(t.firstResponseMs())) {
                throw new IllegalStateException(c.function() + " did not answer " + c.event() + " within 60 s");
            }
            System.out.printf(Locale.ROOT, "%s: answered %s in %.1f s, no class missing from its package%n",
                    c.function(), c.event(), t.firstResponseMs() / 1000);
        }
    }

    /**
     * The JVM flags a handler's function deploys with: its {@code JAVA_TOOL_OPTIONS} in {@code template.yaml}, else
     * the Globals' (a function's variables override the Globals' of the same name, as SAM merges them). A handler
     * the template does not name (the minimal one) gets the Globals'. Read from the template, so that the benchmark
     * cannot drift from what deploys.
     */
    @SuppressWarnings("unchecked")
    static List<String> deployedFlags(Map<String, Object> template, String handler) {
        Object flags = toolOptions(((Map<String, Object>) ((Map<String, Object>) template.getOrDefault("Globals",
                Map.of())).getOrDefault("Function", Map.of())));
        for (Object r : ((Map<String, Object>) template.get("Resources")).values()) {
            Map<String, Object> resource = (Map<String, Object>) r;
            Map<String, Object> props = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
            if ("AWS::Serverless::Function".equals(resource.get("Type")) && handler.equals(props.get("Handler"))) {
                Object own = toolOptions(props);
                flags = own != null ? own : flags;
            }
        }
        if (!(flags instanceof String s)) {
            throw new IllegalStateException("template.yaml gives " + handler + " no literal JAVA_TOOL_OPTIONS: "
                    + flags);
        }
        return List.of(s.trim().split("\\s+"));
    }

    @SuppressWarnings("unchecked")
    private static Object toolOptions(Map<String, Object> functionProperties) {
        Map<String, Object> env = (Map<String, Object>) functionProperties.getOrDefault("Environment", Map.of());
        return ((Map<String, Object>) env.getOrDefault("Variables", Map.of())).get("JAVA_TOOL_OPTIONS");
    }

    private static Timing once(String classpath, String handler, List<String> flags, String event)
            throws Exception {
        return once(classpath, handler, flags, event, 8);
    }

    private static Timing once(String classpath, String handler, List<String> flags, String event,
                               int responseSeconds) throws Exception {
        return once(classpath, handler, flags, event, responseSeconds, Map.of(), false);
    }

    /**
     * One start of {@code handler}; {@code extraEnv} added to its environment; with {@code endpointHere} its AWS
     * calls go to the Runtime API's server, which answers any of them with an empty AWS JSON 1.0 result.
     */
    private static Timing once(String classpath, String handler, List<String> flags, String event,
                               int responseSeconds, Map<String, String> extraEnv, boolean endpointHere)
            throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            ex.getResponseHeaders().set("x-amzn-RequestId", "bench-1");
            send(ex, 200, "{\"QueueUrls\":[]}");
        });
        CompletableFuture<Long> firstNext = new CompletableFuture<>();
        CompletableFuture<Long> response = new CompletableFuture<>();
        boolean[] served = {false};
        server.createContext("/2018-06-01/runtime/invocation/next", ex -> {
            if (!firstNext.isDone()) {
                firstNext.complete(System.nanoTime());
            }
            if (served[0]) {
                // the benchmark is over; keep the runtime waiting until it is stopped
                sleep(30_000);
            }
            served[0] = true;
            ex.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", "req-1");
            ex.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis()
                    + 60_000));
            ex.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn",
                    "arn:aws:lambda:us-east-1:123456789012:function:bench");
            ex.getResponseHeaders().set("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793");
            // the client's native code reads these as C strings: absent, it dereferences a null pointer (SIGSEGV in
            // libc); the Runtime API always sends a content type, and empty context and identity are what a plain
            // invocation carries
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("Lambda-Runtime-Client-Context", "");
            ex.getResponseHeaders().set("Lambda-Runtime-Cognito-Identity", "");
            ex.getResponseHeaders().set("Lambda-Runtime-Aws-Tenant-Id", "");
            send(ex, 200, event);
        });
        server.createContext("/2018-06-01/runtime/invocation/req-1/", ex -> {
            long at = System.nanoTime();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (ex.getRequestURI().getPath().endsWith("/error") && (endpointHere || body.contains("ClassNotFound")
                    || body.contains("NoClassDefFound") || body.contains("LinkageError"))) {
                // a package missing a class it needs is broken, not fast: its timing must not count; and with the
                // endpoint here the handler's call must succeed, or its response is not a first response
                response.completeExceptionally(new IllegalStateException("invocation error: " + body));
            } else {
                response.complete(at);
            }
            send(ex, 202, "{}");
        });
        server.createContext("/2018-06-01/runtime/init/error", ex -> {
            IllegalStateException failed = new IllegalStateException("init error: "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            firstNext.completeExceptionally(failed);
            response.completeExceptionally(failed);
            send(ex, 202, "{}");
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.getAddress().getPort(),
                "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "bench", "AWS_SECRET_ACCESS_KEY", "bench",
                "AWS_LAMBDA_FUNCTION_NAME", "bench", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024",
                "AWS_LAMBDA_FUNCTION_VERSION", "1", "AWS_LAMBDA_LOG_GROUP_NAME", "/bench",
                "AWS_LAMBDA_LOG_STREAM_NAME", "bench"));
        env.putAll(Map.of("REVIEW_TABLE", "t", "QUARANTINE_BUCKET", "b", "PRIORITY_QUEUE_URL", "http://127.0.0.1:9/q",
                "ROUTINE_QUEUE_URL", "http://127.0.0.1:9/r", "ESCALATION_TOPIC_ARN",
                "arn:aws:sns:us-east-1:123456789012:t", "EVAL_BUCKET", "e", "_HANDLER", handler));
        // what the template gives each function (the ones added since the first version of this benchmark too)
        env.putAll(Map.of("HOLD_QUEUE_URL", "http://127.0.0.1:9/h", "CHECK_DECISION_TOPIC_ARN",
                "arn:aws:sns:us-east-1:123456789012:d", "INCIDENT_TABLE", "i", "EVAL_CASES_PREFIX", "eval-cases/",
                "EVAL_RUNS_PREFIX", "eval-runs/", "REVIEWER_PRINCIPALS", "arn:aws:iam::123456789012:user/alice",
                "LEAD_PRINCIPALS", "arn:aws:iam::123456789012:user/dana"));
        env.putAll(Map.of("CANDIDATE_PARAMETER", "/secondlook/candidate", "EVAL_RUN_QUEUE_URL",
                "http://127.0.0.1:9/e"));
        env.put("AWS_ENDPOINT_URL", endpointHere ? "http://127.0.0.1:" + server.getAddress().getPort()
                : "http://127.0.0.1:9");
        env.putAll(extraEnv);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.addAll(List.of("-cp", classpath, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                handler));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of(System.getProperty("java.io.tmpdir"), "secondlook-coldstart.log").toFile()));
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            long next = firstNext.get(60, TimeUnit.SECONDS);
            try {
                long done = response.get(responseSeconds, TimeUnit.SECONDS);
                return new Timing((next - t0) / 1e6, (done - t0) / 1e6);
            } catch (java.util.concurrent.TimeoutException e) {
                // no response in time (a handler that hangs, or a client that crashed)
                return new Timing((next - t0) / 1e6, Double.NaN);
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            server.stop(0);
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double median(double[] v) {
        double[] s = java.util.Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /**
     * The runtime interface client and the serialization library it needs, from the local Maven repository: the
     * pinned versions scripts/bench.sh and scripts/test.sh fetch (dependency:get).
     */
    static Path ricJar(Path home) throws IOException {
        return Path.of(jar("aws-lambda-java-runtime-interface-client", "2.10.1") + ":"
                + jar("aws-lambda-java-serialization", "1.4.1"));
    }

    private static String jar(String artifact, String version) throws IOException {
        Path jar = Path.of(System.getProperty("user.home"), ".m2/repository/com/amazonaws", artifact, version,
                artifact + "-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: mvn dependency:get -Dartifact=com.amazonaws:" + artifact + ":"
                    + version);
        }
        return jar.toString();
    }
}
