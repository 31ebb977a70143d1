package dev.secondlook.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.local.iam.IamEnforcingProxy;
import dev.secondlook.local.iam.IamPolicy;
import dev.secondlook.local.iam.RequestClassifier;
import dev.secondlook.local.template.EventFilter;
import dev.secondlook.local.template.TemplateStack;
import dev.secondlook.local.template.UnsupportedTemplateException;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.MotoServer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack of {@code template.yaml} on an emulator, with this process playing the Lambda service: every function
 * the template declares is instantiated from its Handler with the template's environment (Ref, GetAtt and Sub
 * resolved to the local resources), and fed by the event sources the template declares - SQS (batch size, partial
 * batch responses, the queue's visibility timeout and redrive), DynamoDB streams (starting position, batch size,
 * filter criteria, partial failures, retries, on-failure destination), schedules, and the HTTP API on a loopback
 * port (SigV4-checked as with IAM authorisation).
 *
 * <p>Each function runs with its execution role: its SDK clients reach the emulator only through an
 * {@link IamEnforcingProxy} holding the function's IAM statements from the template, which answers AccessDenied
 * as AWS would for any call (or KMS use through a service) the statements do not allow. So every local run and
 * every test through this runtime proves the template grants what the code uses. Calls the runtime makes itself
 * as the Lambda service (creating resources, polling event sources, the on-failure destination) are not checked.
 */
public final class LocalRuntime implements AutoCloseable {

    /**
     * The local identities the local APIs know, by access key id, with their secrets: reviewers alice and bob, lead
     * dana, the application app (the gate's caller), and carol, who signs correctly but is none of them (the APIs
     * refuse her, as they would any other caller of a deployed stack); "testing" is the emulator's own key, also
     * refused.
     */
    public static final Map<String, String> REVIEWERS = Map.of("alice", "alice-local-secret", "bob", "bob-local-secret",
            "dana", "dana-local-secret", "app", "app-local-secret", "carol", "carol-local-secret", "testing",
            "testing");
    /**
     * Template parameters that make alice and bob reviewers, dana a lead and app the gate's application, unless a
     * caller sets them.
     */
    public static final Map<String, String> LOCAL_ROLES = Map.of(
            "ReviewerPrincipalArns", "arn:aws:iam::" + TemplateStack.ACCOUNT + ":user/alice,arn:aws:iam::"
                    + TemplateStack.ACCOUNT + ":user/bob",
            "LeadPrincipalArns", "arn:aws:iam::" + TemplateStack.ACCOUNT + ":user/dana",
            "ApplicationPrincipalArns", "arn:aws:iam::" + TemplateStack.ACCOUNT + ":user/app");
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Set<String> SQS_PROPS = Set.of("Queue", "BatchSize", "FunctionResponseTypes",
            "MaximumBatchingWindowInSeconds");
    /** ParallelizationFactor is accepted: delivering one batch at a time is one of the schedules it allows. */
    private static final Set<String> STREAM_PROPS = Set.of("Stream", "StartingPosition", "BatchSize",
            "MaximumRetryAttempts", "FunctionResponseTypes", "FilterCriteria", "DestinationConfig",
            "BisectBatchOnFunctionError", "MaximumBatchingWindowInSeconds", "ParallelizationFactor");
    private static final Set<String> HTTP_PROPS = Set.of("ApiId", "Method", "Path", "Auth");

    private final Emulator emulator;
    private final LocalClients clients;
    private final LocalResources res;
    private final String pagerQueueUrl;
    private final String decisionQueueUrl;
    private final TemplateStack stack;
    private final MotoServer moto;
    private final LocalOidcIssuer issuer;
    private final List<SqsEventSource> sqsSources = new ArrayList<>();
    private final List<DynamoDbStreamEventSource> streamSources = new ArrayList<>();
    private final List<Schedule> schedules = new ArrayList<>();
    private final List<Route> routes = new ArrayList<>();
    private final List<IamEnforcingProxy> roles = new ArrayList<>();
    private final S3Notifications s3Notifications;
    /** The EventBridge rules on SSM parameter changes, played by polling the parameters. */
    private final ParameterChangeEvents parameterChanges;
    /** One local HTTP API per HttpApi of the template that has routes, by its Ref. */
    private final Map<String, LocalHttpApi> apis = new java.util.LinkedHashMap<>();
    private final Options options;
    private final java.util.Random deliveries;
    private long invocations;
    private long redeliveries;
    private java.util.function.Consumer<String> activity = line -> { };

    /**
     * How the stack is played.
     *
     * @param parameters       template parameters (the rest take their defaults)
     * @param functionEndpoint where the functions' SDK calls go once their IAM check allows them, e.g. a
     *                         fault-injecting proxy; null for the emulator itself. The runtime's own calls (event
     *                         sources, the on-failure destination) always go straight to the emulator.
     * @param maxDeliveries    each SQS batch and stream batch is handed to its function 1 to this many times, as
     *                         at-least-once delivery may; 1 for exactly once
     * @param seed             seeds the number of deliveries
     */
    public record Options(Map<String, String> parameters, URI functionEndpoint, int maxDeliveries, long seed) {
        public static final Options DEFAULT = new Options(Map.of(), null, 1, 0);

        public Options {
            parameters = Map.copyOf(parameters);
            if (maxDeliveries < 1) {
                throw new IllegalArgumentException("maxDeliveries must be at least 1");
            }
        }
    }

    private record Schedule(String name, Duration every, RequestHandler<ScheduledEvent, ?> handler, long[] next) {
    }

    /**
     * One route of an HTTP API: its method and path template (e.g. {@code /v1/checks/{checkId}}), as a pattern with
     * a named group per path parameter.
     */
    private record Route(String apiId, String method, String template, Pattern path, List<String> parameters,
                         String authorizer, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
    }

    private LocalRuntime(Emulator emulator, MotoServer moto, Path template, int apiPort, Options options)
            throws IOException {
        this.emulator = emulator;
        this.moto = moto;
        this.options = options;
        this.deliveries = new java.util.Random(options.seed());
        // the functions build their clients from the environment, as in Lambda: point the SDK at the emulator
        System.setProperty("aws.endpointUrl", emulator.endpoint().toString());
        System.setProperty("aws.accessKeyId", emulator.accessKey());
        System.setProperty("aws.secretAccessKey", emulator.secretKey());
        this.clients = LocalClients.of(emulator);
        // the console's sign-in: an OIDC issuer for the local identities, in place of the stack's Cognito user pool
        this.issuer = LocalOidcIssuer.start(0);
        String stackName = "secondlook-local-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000,
                0xffffff));
        Map<String, String> parameters = new java.util.HashMap<>(LOCAL_ROLES);
        parameters.put("JwtIssuer", issuer.issuer());
        parameters.put("JwtAudience", LocalOidcIssuer.CLIENT_ID);
        parameters.put("ConsoleAuthorizeUrl", issuer.authorizationEndpoint());
        parameters.put("ConsoleTokenUrl", issuer.tokenEndpoint());
        parameters.putAll(options.parameters());
        TemplateStack provisioned;
        try {
            provisioned = TemplateStack.provision(template, clients, stackName, emulator.region(), parameters);
        } catch (RuntimeException e) {
            issuer.close();
            clients.close();
            throw e;
        }
        this.stack = provisioned;
        this.res = LocalResources.of(stack);
        this.pagerQueueUrl = res.subscribePager(clients, stackName + "-pager");
        this.decisionQueueUrl = res.subscribeToDecisions(clients, stackName + "-decisions");
        this.s3Notifications = new S3Notifications(clients.s3(), stack.versionedBuckets());
        this.parameterChanges = new ParameterChangeEvents(clients, stack, emulator.region(), this::queueUrl);
        RequestClassifier classifier = new RequestClassifier(emulator.region(), stack.account(),
                stack.encryptedResources());
        try {
            for (TemplateStack.FunctionDef f : stack.functions()) {
                wire(f, classifier);
            }
            // each HTTP API on its own port, as each has its own URL in AWS: a client that calls the wrong one
            // gets 404 here too; the review API on the port asked for
            String reviewApi = String.valueOf(stack.ref("ReviewApi"));
            for (Route r : routes) {
                if (!apis.containsKey(r.apiId())) {
                    String apiId = r.apiId();
                    Map<String, LocalJwtAuthorizer> jwt = new java.util.HashMap<>();
                    stack.jwtAuthorizers(apiId).forEach((name, def) -> jwt.put(name, new LocalJwtAuthorizer(
                            def.issuer(), def.audience(), java.time.Clock.systemUTC())));
                    apis.put(apiId, LocalHttpApi.start(apiId.equals(reviewApi) ? apiPort : 0, emulator.region(),
                            TemplateStack.ACCOUNT, REVIEWERS, (method, path) -> authorizerOf(apiId, method, path),
                            jwt, e -> routeHttp(apiId, e)));
                }
            }
            issuer.allowRedirect(consoleUrl().toString());
        } catch (IOException | RuntimeException e) {
            issuer.close();
            apis.values().forEach(LocalHttpApi::close);
            roles.forEach(IamEnforcingProxy::close);
            clients.close();
            throw e;
        }
    }

    public static LocalRuntime on(Emulator emulator, Path template, int apiPort) throws IOException {
        return on(emulator, template, apiPort, Options.DEFAULT);
    }

    public static LocalRuntime on(Emulator emulator, Path template, int apiPort, Options options) throws IOException {
        return new LocalRuntime(emulator, null, template, apiPort, options);
    }

    /** Uses AWS_ENDPOINT_URL when set, otherwise starts moto server (its log under {@code logDir}). */
    public static LocalRuntime start(Path template, Path logDir, int apiPort) throws IOException {
        return start(template, logDir, apiPort, emulator -> Options.DEFAULT);
    }

    /**
     * As {@link #start(Path, Path, int)}, with options made once the emulator is up and before the stack is
     * created: {@code setup} may put objects the stack's parameters name (a pinned rules file) into the emulator.
     */
    public static LocalRuntime start(Path template, Path logDir, int apiPort,
                                     java.util.function.Function<Emulator, Options> setup) throws IOException {
        String external = System.getenv("AWS_ENDPOINT_URL");
        if (external != null && !external.isBlank()) {
            Emulator emulator = new Emulator(URI.create(external), System.getenv().getOrDefault("AWS_REGION",
                    MotoServer.REGION), "testing", "testing", "external");
            return new LocalRuntime(emulator, null, template, apiPort, setup.apply(emulator));
        }
        MotoServer moto = MotoServer.start(logDir);
        try {
            return new LocalRuntime(moto.emulator(), moto, template, apiPort, setup.apply(moto.emulator()));
        } catch (IOException | RuntimeException e) {
            moto.close();
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private void wire(TemplateStack.FunctionDef f, RequestClassifier classifier) throws IOException {
        Map<String, String> env = new TreeMap<>(f.environment());
        String name = String.valueOf(stack.ref(f.logicalId()));
        env.put("AWS_REGION", emulator.region());
        env.put("AWS_LAMBDA_FUNCTION_NAME", name);
        // SAM names the execution role <stack>-<Function>Role-<suffix>; Lambda's session is the function's name
        String principal = "arn:aws:sts::" + stack.account() + ":assumed-role/" + stack.stackName() + "-"
                + f.logicalId() + "Role/" + name;
        IamEnforcingProxy role = IamEnforcingProxy.start(f.logicalId(), principal, IamPolicy.of("function "
                + f.logicalId(), f.statements()), classifier, options.functionEndpoint() != null
                ? options.functionEndpoint() : emulator.endpoint());
        roles.add(role);
        env.put("AWS_ENDPOINT_URL", role.endpoint().toString());
        Object handler = instantiate(f, env);
        for (Map.Entry<String, Map<String, Object>> e : f.events().entrySet()) {
            String where = "function " + f.logicalId() + " event " + e.getKey();
            String type = String.valueOf(e.getValue().get("Type"));
            Map<String, Object> p = (Map<String, Object>) stack.resolve(e.getValue().getOrDefault("Properties",
                    Map.of()));
            switch (type) {
                case "SQS" -> {
                    known(where, p, SQS_PROPS);
                    String arn = String.valueOf(p.get("Queue"));
                    boolean partial = ((List<Object>) p.getOrDefault("FunctionResponseTypes", List.of()))
                            .contains("ReportBatchItemFailures");
                    RequestHandler<SQSEvent, SQSBatchResponse> h = (RequestHandler<SQSEvent, SQSBatchResponse>) handler;
                    sqsSources.add(new SqsEventSource(clients.sqs(), queueUrl(arn), arn, emulator.region(),
                            intOf(p.get("BatchSize"), 10), ev -> {
                                ev.getRecords().forEach(m -> m.setBody(s3Notifications.complete(m.getBody())));
                                SQSBatchResponse r = deliver(() -> h.handleRequest(ev, null));
                                activity.accept(f.logicalId() + ": " + ev.getRecords().size() + " SQS message(s) from "
                                        + arn.substring(arn.lastIndexOf(':') + 1) + ", "
                                        + (r == null || r.getBatchItemFailures() == null ? 0
                                        : r.getBatchItemFailures().size()) + " failed");
                                // without ReportBatchItemFailures Lambda ignores the response: the batch succeeded
                                return partial ? r : SQSBatchResponse.builder().build();
                            }));
                }
                case "DynamoDB" -> {
                    known(where, p, STREAM_PROPS);
                    RequestHandler<DynamodbEvent, StreamsEventResponse> h =
                            (RequestHandler<DynamodbEvent, StreamsEventResponse>) handler;
                    EventFilter filter = EventFilter.of(filterPatterns(p));
                    String failureQueue = onFailureQueue(p);
                    boolean partial = ((List<Object>) p.getOrDefault("FunctionResponseTypes", List.of()))
                            .contains("ReportBatchItemFailures");
                    streamSources.add(new DynamoDbStreamEventSource(clients.dynamoDbStreams(),
                            String.valueOf(p.get("Stream")), emulator.region(), intOf(p.get("BatchSize"), 100),
                            !"LATEST".equals(p.get("StartingPosition")), intOf(p.get("MaximumRetryAttempts"), 10_000),
                            ev -> {
                                StreamsEventResponse r = deliver(() -> invokeFiltered(h, filter, ev, partial));
                                activity.accept(f.logicalId() + ": " + ev.getRecords().size()
                                        + " stream record(s), " + (r == null || r.getBatchItemFailures() == null ? 0
                                        : r.getBatchItemFailures().size()) + " failed");
                                return r;
                            },
                            failed -> onFailure(failureQueue, f, failed)));
                }
                case "Schedule" -> {
                    Matcher m = RATE.matcher(String.valueOf(p.get("Schedule")));
                    if (!m.matches()) {
                        throw new UnsupportedTemplateException(where + ": schedule " + p.get("Schedule")
                                + " is not supported locally (rate(N minutes|hours|days) only)");
                    }
                    long n = Long.parseLong(m.group(1));
                    Duration every = m.group(2).startsWith("minute") ? Duration.ofMinutes(n)
                            : m.group(2).startsWith("hour") ? Duration.ofHours(n) : Duration.ofDays(n);
                    schedules.add(new Schedule(f.logicalId() + " (" + p.get("Schedule") + ")", every,
                            (RequestHandler<ScheduledEvent, ?>) handler,
                            new long[] {System.nanoTime() + every.toNanos()}));
                }
                case "HttpApi" -> {
                    known(where, p, HTTP_PROPS);
                    String apiId = String.valueOf(p.get("ApiId"));
                    // the event's own Auth.Authorizer (e.g. NONE for the console's page) overrides the API's
                    String authorizer = p.get("Auth") instanceof Map<?, ?> auth && auth.get("Authorizer") != null
                            ? String.valueOf(auth.get("Authorizer"))
                            : stack.routeAuthorizer(apiId, String.valueOf(p.get("Method")), String.valueOf(p.get("Path")));
                    if (!authorizer.equals("AWS_IAM") && !authorizer.equals("NONE")
                            && !stack.jwtAuthorizers(apiId).containsKey(authorizer)) {
                        throw new UnsupportedTemplateException(where + ": authorizer " + authorizer + " is not "
                                + "emulated locally (AWS_IAM, NONE or a JWT authorizer of the API)");
                    }
                    String template = String.valueOf(p.get("Path"));
                    List<String> parameters = new ArrayList<>();
                    Matcher param = Pattern.compile("\\{([A-Za-z0-9]+)}").matcher(template);
                    StringBuilder path = new StringBuilder();
                    int at = 0;
                    while (param.find()) {
                        path.append(Pattern.quote(template.substring(at, param.start())))
                                .append("(?<").append(param.group(1)).append(">[^/]+)");
                        parameters.add(param.group(1));
                        at = param.end();
                    }
                    path.append(Pattern.quote(template.substring(at)));
                    routes.add(new Route(String.valueOf(p.get("ApiId")),
                            String.valueOf(p.get("Method")).toUpperCase(java.util.Locale.ROOT), template,
                            Pattern.compile(path.toString()), parameters, authorizer,
                            (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler));
                }
                default -> throw new UnsupportedTemplateException(where + ": event type " + type
                        + " is not supported by the local runtime");
            }
        }
    }

    /**
     * Hands one batch over: once, or 1 to {@code maxDeliveries} times when at-least-once delivery is being
     * played; the last answer counts.
     */
    private <R> R deliver(java.util.function.Supplier<R> invocation) {
        int n = options.maxDeliveries() == 1 ? 1 : 1 + deliveries.nextInt(options.maxDeliveries());
        invocations += n;
        redeliveries += n - 1;
        R last = invocation.get();
        for (int i = 1; i < n; i++) {
            last = invocation.get();
        }
        return last;
    }

    /**
     * Every call a function made that its IAM statements in the template do not allow, e.g.
     * {@code IngestFunction: s3.GetObject needs s3:GetObjectVersion on arn:aws:s3:::bucket/key}. Empty when the
     * template grants everything the code used.
     */
    public List<String> iamDenials() {
        List<String> out = new ArrayList<>();
        roles.forEach(r -> out.addAll(r.denials()));
        return out;
    }

    /**
     * Receives one line per event-source delivery, schedule run and API call: which function, how many records,
     * how many failed; never ids or text. {@code local up} prints them.
     */
    public void onActivity(java.util.function.Consumer<String> listener) {
        this.activity = listener;
    }

    /** Batches handed to functions so far, and how many of those were repeats. */
    public long[] deliveryCounts() {
        return new long[] {invocations, redeliveries};
    }

    private static Object instantiate(TemplateStack.FunctionDef f, Map<String, String> env) {
        String cls = f.handler().contains("::") ? f.handler().substring(0, f.handler().indexOf("::")) : f.handler();
        try {
            return Class.forName(cls).getConstructor(Map.class).newInstance(env);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new UnsupportedTemplateException("function " + f.logicalId() + ": cannot create handler " + cls
                    + " with its environment: " + cause);
        }
    }

    private static StreamsEventResponse invokeFiltered(RequestHandler<DynamodbEvent, StreamsEventResponse> h,
                                                       EventFilter filter, DynamodbEvent event, boolean partial) {
        List<DynamodbEvent.DynamodbStreamRecord> kept = event.getRecords().stream().filter(filter::matches).toList();
        if (kept.isEmpty()) {
            return StreamsEventResponse.builder().build();
        }
        DynamodbEvent filtered = new DynamodbEvent();
        filtered.setRecords(new ArrayList<>(kept));
        StreamsEventResponse r = h.handleRequest(filtered, null);
        return partial ? r : StreamsEventResponse.builder().build();
    }

    @SuppressWarnings("unchecked")
    private static List<String> filterPatterns(Map<String, Object> p) {
        List<String> out = new ArrayList<>();
        Map<String, Object> criteria = (Map<String, Object>) p.get("FilterCriteria");
        if (criteria != null) {
            for (Object f : (List<Object>) criteria.getOrDefault("Filters", List.of())) {
                out.add(String.valueOf(((Map<String, Object>) f).get("Pattern")));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private String onFailureQueue(Map<String, Object> p) {
        Map<String, Object> dest = (Map<String, Object>) p.get("DestinationConfig");
        if (dest == null) {
            return null;
        }
        Map<String, Object> onFailure = (Map<String, Object>) dest.get("OnFailure");
        if (onFailure == null || !"SQS".equals(onFailure.get("Type"))) {
            throw new UnsupportedTemplateException("DestinationConfig: only an SQS OnFailure destination is "
                    + "supported locally");
        }
        return queueUrl(String.valueOf(onFailure.get("Destination")));
    }

    /** What Lambda sends to an on-failure destination: where the records were, not the records. */
    private void onFailure(String queueUrl, TemplateStack.FunctionDef f, List<DynamodbEvent.DynamodbStreamRecord> r) {
        if (queueUrl == null) {
            return;
        }
        ObjectNode body = new ObjectMapper().createObjectNode();
        body.put("function", f.logicalId());
        body.put("condition", "RetryAttemptsExhausted");
        body.put("startSequenceNumber", r.get(0).getDynamodb().getSequenceNumber());
        body.put("endSequenceNumber", r.get(r.size() - 1).getDynamodb().getSequenceNumber());
        body.put("batchSize", r.size());
        body.put("streamArn", r.get(0).getEventSourceARN());
        clients.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body.toString()));
    }

    /**
     * Routes a request of one API as API Gateway does: the route whose method and path template match, with the
     * route key and the path parameters (URL-decoded) in the event.
     */
    private APIGatewayV2HTTPResponse routeHttp(String apiId, APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext().getHttp().getMethod();
        for (Route r : routes) {
            Matcher m = r.path().matcher(event.getRawPath());
            if (r.apiId().equals(apiId) && r.method().equals(method) && m.matches()) {
                Map<String, String> parameters = new java.util.HashMap<>();
                for (String name : r.parameters()) {
                    parameters.put(name, java.net.URLDecoder.decode(m.group(name).replace("+", "%2B"),
                            java.nio.charset.StandardCharsets.UTF_8));
                }
                event.setPathParameters(parameters.isEmpty() ? null : parameters);
                event.setRouteKey(method + " " + r.template());
                event.getRequestContext().setRouteKey(method + " " + r.template());
                APIGatewayV2HTTPResponse response = r.handler().handleRequest(event, null);
                // the route as declared, never the path with its ids
                activity.accept("API: " + method + " " + r.template() + " -> " + response.getStatusCode());
                return response;
            }
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(404).withBody("{\"message\":\"Not Found\"}").build();
    }

    /** The authorizer of the route of {@code apiId} a request matches, or null when none matches (404). */
    private String authorizerOf(String apiId, String method, String rawPath) {
        for (Route r : routes) {
            if (r.apiId().equals(apiId) && r.method().equals(method) && r.path().matcher(rawPath).matches()) {
                return r.authorizer();
            }
        }
        return null;
    }

    private String queueUrl(String arn) {
        String name = arn.substring(arn.lastIndexOf(':') + 1);
        return clients.sqs().getQueueUrl(b -> b.queueName(name)).queueUrl();
    }

    private static void known(String where, Map<String, Object> p, Set<String> supported) {
        for (String k : p.keySet()) {
            if (!supported.contains(k)) {
                throw new UnsupportedTemplateException(where + ": property " + k + " is not supported locally");
            }
        }
    }

    private static int intOf(Object v, int fallback) {
        return v == null ? fallback : Integer.parseInt(String.valueOf(v));
    }

    /** The review API's URL. */
    public URI apiUrl() {
        return apiUrl("ReviewApi");
    }

    /** The gate's URL. */
    public URI gateApiUrl() {
        return apiUrl("GateApi");
    }

    /** The reviewer console: its page on the console API, which is also its OAuth redirect URI. */
    public URI consoleUrl() {
        return URI.create(apiUrl("ConsoleApi") + "/");
    }

    /** The local OIDC issuer the console signs in with. */
    public LocalOidcIssuer oidcIssuer() {
        return issuer;
    }

    /** The URL of an HTTP API of the template, by its logical id. */
    public URI apiUrl(String logicalId) {
        LocalHttpApi api = apis.get(String.valueOf(stack.ref(logicalId)));
        if (api == null) {
            throw new IllegalStateException(logicalId + " has no routes in the template");
        }
        return api.url();
    }

    public String motoLog() {
        return moto == null ? "(external endpoint)" : moto.log().toString();
    }

    public Emulator emulator() {
        return emulator;
    }

    /** The runtime's own clients on the emulator (the functions have theirs). */
    public LocalClients clients() {
        return clients;
    }

    public LocalResources resources() {
        return res;
    }

    /** A queue subscribed to the escalation topic, as a pager would be. */
    public String pagerQueueUrl() {
        return pagerQueueUrl;
    }

    /** A queue subscribed to the gate's decision topic, as an application that prefers push would be. */
    public String decisionQueueUrl() {
        return decisionQueueUrl;
    }

    public TemplateStack stack() {
        return stack;
    }

    /** One round of every event source (and due schedules); returns how many events were delivered. */
    public int pump() {
        int n = 0;
        for (SqsEventSource s : sqsSources) {
            n += s.pollOnce(0).received();
        }
        for (DynamoDbStreamEventSource s : streamSources) {
            n += s.pollOnce().delivered();
        }
        n += parameterChanges.pollOnce(activity);
        for (Schedule s : schedules) {
            if (System.nanoTime() >= s.next()[0]) {
                s.handler().handleRequest(new ScheduledEvent(), null);
                activity.accept("schedule: ran " + s.name());
                s.next()[0] = System.nanoTime() + s.every().toNanos();
            }
        }
        return n;
    }

    /**
     * Invokes every scheduled function now, as its next scheduled event would (a test need not wait out
     * {@code rate(5 minutes)}); returns how many were invoked.
     */
    public int fireSchedules() {
        for (Schedule s : schedules) {
            s.handler().handleRequest(new ScheduledEvent(), null);
            s.next()[0] = System.nanoTime() + s.every().toNanos();
        }
        return schedules.size();
    }

    /** Pumps until nothing moves for two rounds (or the timeout); returns events delivered. */
    public int drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int idle = 0;
        int total = 0;
        while (idle < 2 && System.nanoTime() < deadline) {
            int n = pump();
            total += n;
            idle = n == 0 ? idle + 1 : 0;
            if (n == 0) {
                sleep(300);
            }
        }
        return total;
    }

    /** Removes {@code stack.json} from {@code dir}: the stack it describes is gone. */
    public static void removeStackJson(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve("stack.json"));
        } catch (IOException e) {
            // nothing to tell: the next local up writes it anew
        }
    }

    /** Writes {@code stack.json} with the keys the README documents. */
    public Path writeStackJson(Path dir) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("endpoint", emulator.endpoint().toString());
        o.put("region", emulator.region());
        o.put("logBucket", res.logBucket());
        o.put("evalBucket", res.evalBucket());
        o.put("reviewTable", res.reviewTable());
        o.put("incidentTable", res.incidentTable());
        o.put("ingestQueueUrl", res.ingestQueueUrl());
        o.put("priorityQueueUrl", res.priorityQueueUrl());
        o.put("routineQueueUrl", res.routineQueueUrl());
        o.put("escalationTopicArn", res.escalationTopicArn());
        o.put("pagerQueueUrl", pagerQueueUrl);
        o.put("holdQueueUrl", res.holdQueueUrl());
        o.put("checkDecisionTopicArn", res.checkDecisionTopicArn());
        o.put("decisionQueueUrl", decisionQueueUrl);
        o.put("apiUrl", apiUrl().toString());
        o.put("gateApiUrl", gateApiUrl().toString());
        // put the candidate here (aws ssm put-parameter) to re-run the eval set against it
        o.put("candidateParameter", String.valueOf(stack.ref("CandidateParameter")));
        o.put("consoleUrl", consoleUrl().toString());
        o.put("oidcIssuer", issuer.issuer());
        Files.createDirectories(dir);
        Path file = dir.resolve("stack.json");
        Files.write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
        return file;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        parameterChanges.close();
        apis.values().forEach(LocalHttpApi::close);
        issuer.close();
        roles.forEach(IamEnforcingProxy::close);
        clients.close();
        if (moto != null) {
            moto.close();
        }
    }
}
