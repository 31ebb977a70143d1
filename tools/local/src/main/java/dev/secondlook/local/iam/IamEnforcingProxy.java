package dev.secondlook.local.iam;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One function's execution role, played on loopback: an HTTP proxy that its SDK clients use as their endpoint
 * ({@code AWS_ENDPOINT_URL}), which evaluates every call against the function's IAM statements from template.yaml
 * and either forwards it to the emulator (or a fault proxy in front of it) or answers as AWS does when the role
 * lacks a permission - {@code AccessDeniedException} for DynamoDB, {@code AccessDenied} for SQS and S3,
 * {@code AuthorizationError} for SNS, and the service's KMS error when the key of encrypted data is not granted -
 * so the SDK raises the exception it would raise in AWS. A read of a missing S3 object is answered 403 instead of
 * 404 unless the role may list the bucket (with {@code s3:prefix} set to the key), as S3 does.
 *
 * <p>Each refusal is kept ({@link #denials()}) and printed to standard error: a local run shows every permission
 * the template lacks, as a deploy would, one failed call at a time.
 */
public final class IamEnforcingProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length",
            "transfer-encoding", "expect", "upgrade", "keep-alive");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String function;
    private final String principal;
    private final IamPolicy policy;
    private final RequestClassifier classifier;
    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> denials = new CopyOnWriteArrayList<>();

    private IamEnforcingProxy(String function, String principal, IamPolicy policy, RequestClassifier classifier,
                              URI upstream, HttpServer server, ExecutorService executor) {
        this.function = function;
        this.principal = principal;
        this.policy = policy;
        this.classifier = classifier;
        this.upstream = upstream;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts the proxy of one function on a free loopback port.
     *
     * @param function   the function's logical id (named in refusals)
     * @param principal  the role session's ARN, as AWS names the caller in its AccessDenied messages
     * @param upstream   where allowed calls go: the emulator, or a fault proxy in front of it
     */
    public static IamEnforcingProxy start(String function, String principal, IamPolicy policy,
                                          RequestClassifier classifier, URI upstream) throws IOException {
        dev.secondlook.local.LocalHttpApi.noDelay();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        IamEnforcingProxy proxy = new IamEnforcingProxy(function, principal, policy, classifier, upstream, server,
                executor);
        server.createContext("/", proxy::handle);
        server.setExecutor(executor);
        server.start();
        return proxy;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every refused permission so far, e.g. {@code IngestFunction: s3:GetObjectVersion on arn:aws:s3:::b/k}. */
    public List<String> denials() {
        return List.copyOf(denials);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            URI uri = ex.getRequestURI();
            RequestClassifier.Request request = new RequestClassifier.Request(ex.getRequestMethod(), uri.getRawPath(),
                    uri.getRawQuery(), ex.getRequestHeaders(), body);
            RequestClassifier.Call call = classifier.classify(request);
            for (Authorization need : call.needs()) {
                if (!policy.evaluate(need).allowed()) {
                    deny(ex, call, need);
                    return;
                }
            }
            HttpResponse<byte[]> resp = forward(ex, body);
            if (resp.statusCode() == 404 && call.service().equals("s3")
                    && (call.operation().equals("GetObject") || call.operation().equals("HeadObject"))) {
                Authorization list = listBucketFor(call);
                if (list != null && !policy.evaluate(list).allowed()) {
                    deny(ex, call, list);
                    return;
                }
            }
            relay(ex, resp);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The ListBucket that S3 checks before it admits an object does not exist. */
    private static Authorization listBucketFor(RequestClassifier.Call call) {
        String object = call.needs().get(0).resource();
        int slash = object.indexOf('/', "arn:aws:s3:::".length());
        if (slash < 0) {
            return null;
        }
        return new Authorization("s3:ListBucket", object.substring(0, slash), Map.of("s3:prefix",
                object.substring(slash + 1)));
    }

    private void deny(HttpExchange ex, RequestClassifier.Call call, Authorization need) throws IOException {
        String message = "User: " + principal + " is not authorized to perform: " + need.action() + " on resource: "
                + need.resource() + " because no identity-based policy allows the " + need.action() + " action";
        String line = function + ": " + call.service() + "." + call.operation() + " needs " + need;
        denials.add(line);
        System.err.println("[local IAM] AccessDenied " + line + " - not granted by template.yaml");
        String requestId = UUID.randomUUID().toString();
        ex.getResponseHeaders().put("x-amzn-RequestId", List.of(requestId));
        switch (call.service() + "/" + call.protocol()) {
            case "dynamodb/JSON" -> json(ex, 400, "com.amazon.coral.service#AccessDeniedException",
                    need.kms() ? "KMS key access denied error: " + message : message);
            case "sqs/JSON" -> {
                String code = need.kms() ? "KMS.AccessDeniedException" : "AccessDenied";
                ex.getResponseHeaders().put("x-amzn-query-error", List.of(code + ";Sender"));
                json(ex, need.kms() ? 400 : 403, need.kms() ? "com.amazonaws.sqs#KmsAccessDenied"
                        : "com.amazon.coral.service#AccessDeniedException", message);
            }
            case "sqs/QUERY" -> queryError(ex, need.kms() ? 400 : 403, need.kms() ? "KMS.AccessDeniedException"
                    : "AccessDenied", message, "http://queue.amazonaws.com/doc/2012-11-05/");
            case "sns/QUERY" -> queryError(ex, need.kms() ? 400 : 403, need.kms() ? "KMSAccessDenied"
                    : "AuthorizationError", message, "http://sns.amazonaws.com/doc/2010-03-31/");
            case "s3/REST_XML" -> {
                if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
                    ex.sendResponseHeaders(403, -1);
                } else {
                    send(ex, 403, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                            + "AccessDenied</Code><Message>" + xml(message) + "</Message><RequestId>" + requestId
                            + "</RequestId><HostId>local-iam</HostId></Error>");
                }
            }
            default -> json(ex, 403, "AccessDeniedException", message);
        }
    }

    private static void json(HttpExchange ex, int status, String type, String message) throws IOException {
        send(ex, status, "application/x-amz-json-1.0", MAPPER.createObjectNode().put("__type", type)
                .put("message", message).toString());
    }

    private static void queryError(HttpExchange ex, int status, String code, String message, String ns)
            throws IOException {
        send(ex, status, "text/xml", "<ErrorResponse xmlns=\"" + ns + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>" + UUID.randomUUID()
                + "</RequestId></ErrorResponse>");
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private HttpResponse<byte[]> forward(HttpExchange ex, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI().toString()))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, vs) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT))) {
                vs.forEach(v -> req.header(k, v));
            }
        });
        return http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void relay(HttpExchange ex, HttpResponse<byte[]> resp) throws IOException {
        resp.headers().map().forEach((k, vs) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) {
                ex.getResponseHeaders().put(k, vs);
            }
        });
        if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
            resp.headers().firstValue("content-length").ifPresent(v -> ex.getResponseHeaders().put("Content-Length",
                    List.of(v)));
            ex.sendResponseHeaders(resp.statusCode(), -1);
            return;
        }
        byte[] b = resp.body();
        ex.sendResponseHeaders(resp.statusCode(), b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().put("Content-Type", List.of(contentType));
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
