package dev.secondlook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A test double for a Bedrock model: an HTTP server on loopback that speaks the Bedrock Runtime Converse wire
 * protocol (restJson1): {@code POST /model/{modelId}/converse} with a SigV4-signed JSON body of {@code messages},
 * optional {@code system} and {@code inferenceConfig}; it answers
 * {@code {"output":{"message":{"role":"assistant","content":[{"text":...}]}},"stopReason":...,"usage":{...},
 * "metrics":{"latencyMs":...}}}, or an error as Bedrock sends one: the HTTP status, an {@code x-amzn-ErrorType}
 * header and {@code {"message":...}} (429 {@code ThrottlingException}, 400 {@code ValidationException}, ...).
 *
 * <p>What it answers is scripted per model id by a function of the user turn's text, so one model can fix some
 * eval cases and break others; {@link #throttle} makes the first N calls with a prompt answer 429.
 */
final class ConverseStandIn implements AutoCloseable {

    /** One scripted answer: a reply text, or an error. */
    record Answer(String text, int status, String errorType) {
        static Answer reply(String text) {
            return new Answer(text, 200, null);
        }

        static Answer error(int status, String errorType) {
            return new Answer(null, status, errorType);
        }
    }

    /** One request as received. */
    record Call(String modelId, String system, String prompt, int maxTokens, String authorization) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, BiFunction<String, String, Answer>> models = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttles = new ConcurrentHashMap<>();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    ConverseStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Scripts a model: (system prompt, user turn) to its answer. */
    ConverseStandIn model(String modelId, BiFunction<String, String, Answer> script) {
        models.put(modelId, script);
        return this;
    }

    /** The first {@code times} calls whose user turn contains {@code promptPart} answer 429 ThrottlingException. */
    ConverseStandIn throttle(String promptPart, int times) {
        throttles.put(promptPart, new AtomicInteger(times));
        return this;
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    private void handle(HttpExchange x) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            String path = x.getRequestURI().getRawPath();
            if (!"POST".equals(x.getRequestMethod()) || !path.startsWith("/model/") || !path.endsWith("/converse")) {
                send(x, 404, "UnknownOperationException", "not a Converse call: " + x.getRequestMethod() + " " + path);
                return;
            }
            String auth = x.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 Credential=")
                    || !auth.contains("/bedrock/aws4_request")) {
                send(x, 403, "UnrecognizedClientException", "The security token included in the request is invalid.");
                return;
            }
            String modelId = URLDecoder.decode(path.substring("/model/".length(), path.length() - "/converse".length()),
                    StandardCharsets.UTF_8);
            JsonNode body = MAPPER.readTree(x.getRequestBody().readAllBytes());
            JsonNode turn = body.path("messages").path(0);
            if (!"user".equals(turn.path("role").asText()) || !turn.path("content").path(0).has("text")) {
                send(x, 400, "ValidationException", "A conversation must start with a user message.");
                return;
            }
            String prompt = turn.path("content").path(0).path("text").asText();
            String system = body.path("system").path(0).path("text").asText("");
            calls.add(new Call(modelId, system, prompt, body.path("inferenceConfig").path("maxTokens").asInt(-1),
                    auth));
            for (Map.Entry<String, AtomicInteger> t : throttles.entrySet()) {
                if (prompt.contains(t.getKey()) && t.getValue().getAndDecrement() > 0) {
                    send(x, 429, "ThrottlingException", "Too many requests, please wait before trying again.");
                    return;
                }
            }
            BiFunction<String, String, Answer> script = models.get(modelId);
            if (script == null) {
                send(x, 404, "ResourceNotFoundException", "Model not found.");
                return;
            }
            Answer a = script.apply(system, prompt);
            if (a.status() != 200) {
                send(x, a.status(), a.errorType(), "scripted " + a.errorType());
                return;
            }
            ObjectNode reply = MAPPER.createObjectNode();
            ObjectNode message = reply.putObject("output").putObject("message");
            message.put("role", "assistant");
            message.putArray("content").addObject().put("text", a.text());
            reply.put("stopReason", "end_turn");
            int in = (system.length() + prompt.length() + 3) / 4;
            int out = (a.text().length() + 3) / 4;
            reply.putObject("usage").put("inputTokens", in).put("outputTokens", out).put("totalTokens", in + out);
            reply.putObject("metrics").put("latencyMs", 12);
            byte[] bytes = MAPPER.writeValueAsBytes(reply);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
            x.sendResponseHeaders(200, bytes.length);
            x.getResponseBody().write(bytes);
        } finally {
            inFlight.decrementAndGet();
            x.close();
        }
    }

    private static void send(HttpExchange x, int status, String type, String message) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(Map.of("message", message));
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.getResponseHeaders().add("x-amzn-ErrorType", type);
        x.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
