package dev.secondlook.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault-injecting HTTP proxy on loopback, between the SDK and the emulator. It forwards every request, except
 * a configurable share that get one of these faults (deterministic for a seed):
 * <ul>
 *   <li>{@code 500}, {@code 503}: a server error, nothing applied;</li>
 *   <li>{@code throttling}: the service's own throttling error (DynamoDB ProvisionedThroughputExceededException,
 *       SQS ThrottlingException, SNS Throttling, S3 SlowDown), nothing applied;</li>
 *   <li>{@code connection-reset}: the connection dropped before forwarding, nothing applied;</li>
 *   <li>{@code response-lost}: the request forwarded and applied, then the connection dropped before the answer -
 *       the caller cannot know it succeeded, the case that makes retries duplicate;</li>
 *   <li>{@code partial}: for BatchWriteItem, BatchGetItem, SendMessageBatch and PublishBatch only, part of the
 *       batch forwarded and the rest reported back as UnprocessedItems, UnprocessedKeys or failed entries.</li>
 * </ul>
 * For reliability tests only. Requests are not re-signed: emulators on loopback do not check signatures.
 */
public final class FaultProxy implements AutoCloseable {

    /** Every kind of fault, in the order {@link #kinds} picks them. */
    public static final List<String> ALL = List.of("500", "503", "throttling", "connection-reset", "response-lost",
            "partial");
    /** Failures that never apply the request (what FaultInjectionIT used first). */
    public static final List<String> ERRORS = List.of("500", "503", "throttling", "connection-reset");

    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length",
            "transfer-encoding", "expect", "upgrade", "keep-alive");
    private static final Set<String> BATCHES = Set.of("BatchWriteItem", "BatchGetItem", "SendMessageBatch",
            "PublishBatch");
    private static final Pattern SERVICE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/");
    private static final Pattern SNS_ENTRY = Pattern.compile("PublishBatchRequestEntries\\.member\\.(\\d+)\\.(.+)");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI target;
    private final double share;
    private final List<String> kinds;
    private final Random random;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, AtomicLong> injected = new TreeMap<>();
    private final Map<String, AtomicLong> calls = new TreeMap<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final java.util.Deque<String> scripted = new java.util.ArrayDeque<>();

    private FaultProxy(HttpServer server, ExecutorService executor, URI target, double share, List<String> kinds,
                       long seed) {
        this.server = server;
        this.executor = executor;
        this.target = target;
        this.share = share;
        this.kinds = List.copyOf(kinds);
        this.random = new Random(seed);
    }

    /** Starts a proxy to {@code target} that fails {@code share} of the requests with the {@link #ERRORS}. */
    public static FaultProxy start(URI target, double share, long seed) throws IOException {
        return start(target, share, ERRORS, seed);
    }

    /**
     * Starts a proxy to {@code target} that fails {@code share} of the requests, each with one of {@code kinds}
     * picked at random among those that apply to the call ({@code partial} applies to batch calls only).
     */
    public static FaultProxy start(URI target, double share, List<String> kinds, long seed) throws IOException {
        for (String k : kinds) {
            if (!ALL.contains(k)) {
                throw new IllegalArgumentException("unknown fault " + k + "; known: " + ALL);
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        ExecutorService executor = Executors.newFixedThreadPool(8);
        FaultProxy proxy = new FaultProxy(server, executor, target, share, kinds, seed);
        server.createContext("/", proxy::handle);
        server.setExecutor(executor);
        server.start();
        return proxy;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Injects these faults on the next calls, one each, before any random ones (for deterministic tests). */
    public synchronized FaultProxy failNext(String... faults) {
        for (String f : faults) {
            if (!ALL.contains(f)) {
                throw new IllegalArgumentException("unknown fault " + f + "; known: " + ALL);
            }
            scripted.add(f);
        }
        return this;
    }

    /** Faults injected so far, by kind. */
    public synchronized Map<String, Long> injected() {
        Map<String, Long> out = new TreeMap<>();
        injected.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** All faults injected so far. */
    public synchronized long injectedTotal() {
        return injected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Calls seen so far, by service and operation (e.g. {@code dynamodb.BatchWriteItem}). */
    public synchronized Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        this.calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** All calls seen so far. */
    public synchronized long callsTotal() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long forwarded() {
        return forwarded.get();
    }

    private record Call(String service, String operation, String contentType, byte[] body) {
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        Call call = describe(ex, body);
        String fault;
        synchronized (this) {
            calls.computeIfAbsent(call.service() + "." + call.operation(), k -> new AtomicLong()).incrementAndGet();
            fault = pick(call);
            if (fault != null) {
                injected.computeIfAbsent(fault, k -> new AtomicLong()).incrementAndGet();
            }
        }
        try {
            if (fault == null) {
                relay(ex, forward(ex, body));
                return;
            }
            switch (fault) {
                case "500" -> send(ex, 500, "application/x-amz-json-1.0",
                        "{\"__type\":\"InternalServerError\",\"message\":\"injected\"}");
                case "503" -> send(ex, 503, "application/xml",
                        "<Error><Code>ServiceUnavailable</Code><Message>injected</Message></Error>");
                case "throttling" -> throttle(ex, call);
                case "response-lost" -> {
                    forward(ex, body);
                    ex.close(); // applied, but the caller never hears so
                }
                case "partial" -> partial(ex, call);
                default -> ex.close(); // connection-reset: no answer at all
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.close();
        }
    }

    private String pick(Call call) {
        if (!scripted.isEmpty()) {
            return scripted.poll();
        }
        if (random.nextDouble() >= share) {
            return null;
        }
        List<String> applicable = new ArrayList<>();
        for (String k : kinds) {
            if (!"partial".equals(k) || BATCHES.contains(call.operation())) {
                applicable.add(k);
            }
        }
        return applicable.isEmpty() ? null : applicable.get(random.nextInt(applicable.size()));
    }

    private static Call describe(HttpExchange ex, byte[] body) {
        String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
        Matcher m = SERVICE.matcher(auth);
        String service = m.find() ? m.group(1) : "unknown";
        String contentType = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
        String amzTarget = ex.getRequestHeaders().getFirst("X-Amz-Target");
        String operation;
        if (amzTarget != null) {
            operation = amzTarget.substring(amzTarget.indexOf('.') + 1);
        } else if (contentType.startsWith("application/x-www-form-urlencoded")) {
            operation = String.valueOf(form(body).get("Action"));
        } else {
            operation = ex.getRequestMethod();
        }
        return new Call(service, operation, contentType, body);
    }

    private HttpResponse<byte[]> forward(HttpExchange ex, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI().toString()))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, vs) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT))) {
                vs.forEach(v -> req.header(k, v));
            }
        });
        HttpResponse<byte[]> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        forwarded.incrementAndGet();
        return resp;
    }

    private static void relay(HttpExchange ex, HttpResponse<byte[]> resp) throws IOException {
        resp.headers().map().forEach((k, vs) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                ex.getResponseHeaders().put(k, vs);
            }
        });
        send(ex, resp.statusCode(), resp.body());
    }

    private static void throttle(HttpExchange ex, Call call) throws IOException {
        switch (call.service()) {
            case "dynamodb" -> send(ex, 400, "application/x-amz-json-1.0",
                    "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                            + "\"message\":\"injected\"}");
            case "sqs" -> {
                ex.getResponseHeaders().put("x-amzn-query-error", List.of("ThrottlingException;Sender"));
                send(ex, 400, "application/x-amz-json-1.0",
                        "{\"__type\":\"com.amazonaws.sqs#ThrottlingException\",\"message\":\"injected\"}");
            }
            case "sns" -> send(ex, 400, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
                    + "<Message>injected</Message></Error><RequestId>injected</RequestId></ErrorResponse>");
            default -> send(ex, 503, "application/xml",
                    "<Error><Code>SlowDown</Code><Message>injected</Message></Error>");
        }
    }

    /** Forwards part of a batch and reports the rest back as the service does for unprocessed or failed entries. */
    private void partial(HttpExchange ex, Call call) throws IOException, InterruptedException {
        switch (call.operation()) {
            case "BatchWriteItem", "BatchGetItem" -> partialDynamo(ex, call);
            case "SendMessageBatch" -> partialSqs(ex, call);
            default -> partialSns(ex, call);
        }
    }

    /** How many of {@code n} entries to hold back: at least one, and for n > 1 at most n - 1. */
    private synchronized int holdBack(int n) {
        return n <= 1 ? n : 1 + random.nextInt(n - 1);
    }

    private void partialDynamo(HttpExchange ex, Call call) throws IOException, InterruptedException {
        boolean write = "BatchWriteItem".equals(call.operation());
        ObjectNode request = (ObjectNode) MAPPER.readTree(call.body());
        ObjectNode items = (ObjectNode) request.get("RequestItems");
        ObjectNode kept = MAPPER.createObjectNode();
        ObjectNode held = MAPPER.createObjectNode();
        int total = 0;
        for (Iterator<JsonNode> it = items.elements(); it.hasNext(); ) {
            JsonNode v = it.next();
            total += write ? v.size() : v.get("Keys").size();
        }
        int hold = holdBack(total);
        for (Iterator<Map.Entry<String, JsonNode>> it = items.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> table = it.next();
            ArrayNode entries = (ArrayNode) (write ? table.getValue() : table.getValue().get("Keys"));
            ArrayNode keep = MAPPER.createArrayNode();
            ArrayNode back = MAPPER.createArrayNode();
            for (JsonNode e : entries) {
                (hold-- > 0 ? back : keep).add(e);
            }
            if (!keep.isEmpty()) {
                kept.set(table.getKey(), write ? keep : ((ObjectNode) table.getValue().deepCopy()).set("Keys", keep));
            }
            if (!back.isEmpty()) {
                held.set(table.getKey(), write ? back : ((ObjectNode) table.getValue().deepCopy()).set("Keys", back));
            }
        }
        ObjectNode answer;
        if (kept.isEmpty()) {
            answer = MAPPER.createObjectNode();
            if (!write) {
                answer.set("Responses", MAPPER.createObjectNode());
            }
        } else {
            request.set("RequestItems", kept);
            HttpResponse<byte[]> resp = forward(ex, MAPPER.writeValueAsBytes(request));
            if (resp.statusCode() != 200) {
                relay(ex, resp);
                return;
            }
            answer = (ObjectNode) MAPPER.readTree(resp.body());
        }
        answer.set(write ? "UnprocessedItems" : "UnprocessedKeys", held);
        send(ex, 200, "application/x-amz-json-1.0", MAPPER.writeValueAsString(answer));
    }

    private void partialSqs(HttpExchange ex, Call call) throws IOException, InterruptedException {
        ObjectNode request = (ObjectNode) MAPPER.readTree(call.body());
        ArrayNode entries = (ArrayNode) request.get("Entries");
        int hold = holdBack(entries.size());
        ArrayNode keep = MAPPER.createArrayNode();
        ArrayNode failed = MAPPER.createArrayNode();
        for (JsonNode e : entries) {
            if (hold-- > 0) {
                failed.addObject().put("Id", e.get("Id").asText()).put("SenderFault", false)
                        .put("Code", "InternalError").put("Message", "injected");
            } else {
                keep.add(e);
            }
        }
        ObjectNode answer;
        if (keep.isEmpty()) {
            answer = MAPPER.createObjectNode();
            answer.set("Successful", MAPPER.createArrayNode());
        } else {
            request.set("Entries", keep);
            HttpResponse<byte[]> resp = forward(ex, MAPPER.writeValueAsBytes(request));
            if (resp.statusCode() != 200) {
                relay(ex, resp);
                return;
            }
            answer = (ObjectNode) MAPPER.readTree(resp.body());
        }
        ArrayNode all = answer.has("Failed") ? (ArrayNode) answer.get("Failed") : answer.putArray("Failed");
        all.addAll(failed);
        send(ex, 200, "application/x-amz-json-1.0", MAPPER.writeValueAsString(answer));
    }

    private void partialSns(HttpExchange ex, Call call) throws IOException, InterruptedException {
        Map<String, String> params = form(call.body());
        Map<Integer, Map<String, String>> entries = new TreeMap<>();
        Map<String, String> rest = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            Matcher m = SNS_ENTRY.matcher(k);
            if (m.matches()) {
                entries.computeIfAbsent(Integer.parseInt(m.group(1)), n -> new LinkedHashMap<>()).put(m.group(2), v);
            } else {
                rest.put(k, v);
            }
        });
        int hold = holdBack(entries.size());
        StringBuilder failed = new StringBuilder();
        int next = 1;
        for (Map<String, String> e : entries.values()) {
            if (hold-- > 0) {
                failed.append("<member><Id>").append(e.get("Id")).append("</Id><Code>InternalError</Code>")
                        .append("<Message>injected</Message><SenderFault>false</SenderFault></member>");
            } else {
                int n = next++;
                e.forEach((k, v) -> rest.put("PublishBatchRequestEntries.member." + n + "." + k, v));
            }
        }
        String answer;
        if (next == 1) {
            answer = "<PublishBatchResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishBatchResult>"
                    + "<Successful/><Failed>" + failed + "</Failed></PublishBatchResult><ResponseMetadata>"
                    + "<RequestId>injected</RequestId></ResponseMetadata></PublishBatchResponse>";
        } else {
            HttpResponse<byte[]> resp = forward(ex, formBody(rest));
            if (resp.statusCode() != 200) {
                relay(ex, resp);
                return;
            }
            String xml = new String(resp.body(), StandardCharsets.UTF_8);
            if (xml.contains("<Failed>")) {
                answer = xml.replace("<Failed>", "<Failed>" + failed);
            } else if (xml.contains("<Failed/>")) {
                answer = xml.replace("<Failed/>", "<Failed>" + failed + "</Failed>");
            } else {
                answer = xml.replace("</PublishBatchResult>", "<Failed>" + failed + "</Failed></PublishBatchResult>");
            }
        }
        send(ex, 200, "text/xml", answer);
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        String s = new String(body, StandardCharsets.UTF_8);
        if (s.isEmpty()) {
            return out;
        }
        for (String pair : s.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static byte[] formBody(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        ex.getResponseHeaders().put("Content-Type", List.of(contentType));
        send(ex, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
