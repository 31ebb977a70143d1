package dev.secondlook.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Plays API Gateway's part for an HTTP API on loopback, each route with the authorizer the template gives it. With
 * IAM it verifies the request's SigV4 signature against the local identities' keys and puts the caller's identity
 * into the request context as the IAM authoriser does ({@code arn:aws:iam::<account>:user/<access key id>}); an
 * unsigned or badly signed request gets 403 with API Gateway's reason. With a JWT authorizer
 * ({@link LocalJwtAuthorizer}) it verifies the bearer token and passes its claims; a missing or invalid token gets
 * 401 Unauthorized. A route without an authorizer ({@code NONE}) is invoked as it comes. Then the handler gets a
 * payload 2.0 event, and its response goes back with its headers.
 */
public final class LocalHttpApi implements AutoCloseable {

    private static final int MAX_BODY = 1024 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final String region;
    private final String account;
    private final Map<String, String> secrets;
    private final Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
    private final Clock clock;
    private final RouteAuthorizers authorizers;
    private final Map<String, LocalJwtAuthorizer> jwtAuthorizers;

    /**
     * The authorizer of the route a request matches: {@code AWS_IAM}, {@code NONE}, or the name of a JWT authorizer;
     * null when no route matches (API Gateway answers 404 before any authorisation).
     */
    @FunctionalInterface
    public interface RouteAuthorizers {
        String of(String method, String rawPath);
    }

    private LocalHttpApi(HttpServer server, String region, String account, Map<String, String> secrets,
                         Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, Clock clock,
                         RouteAuthorizers authorizers, Map<String, LocalJwtAuthorizer> jwtAuthorizers) {
        this.server = server;
        this.region = region;
        this.account = account;
        this.secrets = Map.copyOf(secrets);
        this.handler = handler;
        this.clock = clock;
        this.authorizers = authorizers;
        this.jwtAuthorizers = Map.copyOf(jwtAuthorizers);
    }

    /** Starts an API whose every route is IAM-authorised on {@code 127.0.0.1:port} (0: a free port). */
    public static LocalHttpApi start(int port, String region, String account, Map<String, String> secrets,
                                     Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler)
            throws IOException {
        return start(port, region, account, secrets, (m, p) -> "AWS_IAM", Map.of(), handler);
    }

    /**
     * Starts an API on {@code 127.0.0.1:port} (0: a free port) whose routes have the given authorizers, JWT ones
     * from {@code jwtAuthorizers} by name.
     */
    public static LocalHttpApi start(int port, String region, String account, Map<String, String> secrets,
                                     RouteAuthorizers authorizers, Map<String, LocalJwtAuthorizer> jwtAuthorizers,
                                     Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler)
            throws IOException {
        noDelay();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        LocalHttpApi api = new LocalHttpApi(server, region, account, secrets, handler, Clock.systemUTC(),
                authorizers, jwtAuthorizers);
        server.createContext("/", api::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return api;
    }

    /**
     * Turns Nagle's algorithm off for the JDK's HTTP server (read once, when its first server starts). It writes a
     * response's headers and body apart, and Nagle holds the body until the client acknowledges the headers, which
     * a client that delays its ACKs does 40 ms later: every local request would take 40 ms more than API Gateway
     * takes to answer, and latency measured through the local APIs would be that stall.
     */
    public static void noDelay() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                send(exchange, 413, "{\"message\":\"Request Entity Too Large\"}");
                return;
            }
            URI requestUri = URI.create(url() + exchange.getRequestURI().toString());
            String authorizerName = authorizers.of(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
            APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer;
            if (authorizerName == null) {
                send(exchange, 404, "{\"message\":\"Not Found\"}");
                return;
            } else if (authorizerName.equals("AWS_IAM")) {
                SigV4Requests.Verdict verdict = SigV4Requests.check(new SigV4Requests.Received(
                        exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body), region,
                        secrets::get, clock);
                if (!verdict.accepted()) {
                    send(exchange, 403, MAPPER.createObjectNode().put("message", verdict.refusal()).toString());
                    return;
                }
                authorizer = iam(verdict.accessKey());
            } else if (authorizerName.equals("NONE")) {
                authorizer = null;
            } else {
                LocalJwtAuthorizer jwt = jwtAuthorizers.get(authorizerName);
                java.util.Optional<Map<String, String>> claims = jwt == null ? java.util.Optional.empty()
                        : jwt.verify(exchange.getRequestHeaders().getFirst("Authorization"));
                if (claims.isEmpty()) {
                    exchange.getResponseHeaders().set("www-authenticate", "Bearer");
                    send(exchange, 401, "{\"message\":\"Unauthorized\"}");
                    return;
                }
                APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT token =
                        new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
                token.setClaims(claims.get());
                authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
                authorizer.setJwt(token);
            }
            APIGatewayV2HTTPResponse response = handler.apply(event(exchange, requestUri, body, authorizer));
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            }
            send(exchange, response.getStatusCode(), response.getBody() == null ? "" : response.getBody());
        } catch (RuntimeException e) {
            send(exchange, 500, "{\"message\":\"Internal Server Error\"}");
        }
    }

    private APIGatewayV2HTTPEvent.RequestContext.Authorizer iam(String accessKey) {
        APIGatewayV2HTTPEvent.RequestContext.IAM iam = new APIGatewayV2HTTPEvent.RequestContext.IAM();
        iam.setAccessKey(accessKey);
        iam.setAccountId(account);
        iam.setUserArn("arn:aws:iam::" + account + ":user/" + accessKey);
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer =
                new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setIam(iam);
        return authorizer;
    }

    private APIGatewayV2HTTPEvent event(HttpExchange exchange, URI uri, byte[] body,
                                        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(exchange.getRequestMethod());
        http.setPath(uri.getRawPath());
        http.setProtocol("HTTP/1.1");
        http.setSourceIp("127.0.0.1");
        APIGatewayV2HTTPEvent.RequestContext ctx = new APIGatewayV2HTTPEvent.RequestContext();
        ctx.setHttp(http);
        ctx.setAuthorizer(authorizer);
        ctx.setAccountId(account);
        ctx.setDomainName(uri.getAuthority());
        ctx.setStage("$default");
        ctx.setRequestId(java.util.UUID.randomUUID().toString());
        ctx.setTimeEpoch(clock.millis());
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setVersion("2.0");
        e.setRawPath(uri.getRawPath());
        e.setRawQueryString(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                String k = java.net.URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(k, v);
            }
        }
        e.setQueryStringParameters(query);
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                String.join(",", v)));
        e.setHeaders(headers);
        e.setBody(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8));
        e.setRequestContext(ctx);
        return e;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("content-type")) {
            exchange.getResponseHeaders().set("content-type", "application/json");
        }
        exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
