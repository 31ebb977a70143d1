package dev.secondlook.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fault-injecting HTTP proxy on loopback, between the SDK and the emulator: it forwards every request, except
 * a configurable share that get a 500, a 503, a throttling error in the service's own error format, or a
 * dropped connection. Deterministic for a seed. For reliability tests only.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length",
            "transfer-encoding", "expect", "upgrade", "keep-alive");

    private final HttpServer server;
    private final URI target;
    private final double share;
    private final Random random;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, AtomicLong> injected = new TreeMap<>();
    private final AtomicLong forwarded = new AtomicLong();

    private FaultProxy(HttpServer server, URI target, double share, long seed) {
        this.server = server;
        this.target = target;
        this.share = share;
        this.random = new Random(seed);
    }

    /** Starts a proxy to {@code target} that fails {@code share} of the requests. */
    public static FaultProxy start(URI target, double share, long seed) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        FaultProxy proxy = new FaultProxy(server, target, share, seed);
        server.createContext("/", proxy::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        return proxy;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Faults injected so far, by kind. */
    public synchronized Map<String, Long> injected() {
        Map<String, Long> out = new TreeMap<>();
        injected.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public long forwarded() {
        return forwarded.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        int fault;
        synchronized (this) {
            fault = random.nextDouble() < share ? random.nextInt(4) : -1;
        }
        if (fault >= 0) {
            inject(ex, fault);
            return;
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI().toString()))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, vs) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                vs.forEach(v -> req.header(k, v));
            }
        });
        try {
            HttpResponse<byte[]> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            forwarded.incrementAndGet();
            resp.headers().map().forEach((k, vs) -> {
                if (!HOP_BY_HOP.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.startsWith(":")) {
                    ex.getResponseHeaders().put(k, vs);
                }
            });
            send(ex, resp.statusCode(), resp.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.close();
        }
    }

    private void inject(HttpExchange ex, int fault) throws IOException {
        String target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
        String kind = switch (fault) {
            case 0 -> "500";
            case 1 -> "503";
            case 2 -> "throttling";
            default -> "connection-reset";
        };
        synchronized (this) {
            injected.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }
        switch (fault) {
            case 0 -> send(ex, 500, "{\"__type\":\"InternalServerError\",\"message\":\"injected\"}".getBytes(
                    StandardCharsets.UTF_8));
            case 1 -> send(ex, 503, "<Error><Code>ServiceUnavailable</Code><Message>injected</Message></Error>"
                    .getBytes(StandardCharsets.UTF_8));
            case 2 -> {
                String type = target.startsWith("DynamoDB") ? "com.amazonaws.dynamodb.v20120810#"
                        + "ProvisionedThroughputExceededException" : "ThrottlingException";
                ex.getResponseHeaders().put("Content-Type", List.of("application/x-amz-json-1.0"));
                ex.getResponseHeaders().put("x-amzn-query-error", List.of("ThrottlingException;Sender"));
                send(ex, 400, ("{\"__type\":\"" + type + "\",\"message\":\"injected\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            default -> {
                // no answer at all: closing the exchange drops the connection
            }
        }
        ex.close();
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
    }
}
