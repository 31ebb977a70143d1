package dev.secondlook.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;

/**
 * Plays the OpenID Connect issuer of the console on loopback, as the stack's Cognito user pool does in AWS: a
 * discovery document, a JWKS, an authorization endpoint (a login form; authorization code with PKCE S256 only) and
 * a token endpoint, for the local identities: reviewers alice and bob, lead dana, and carol, who may sign in but is
 * in neither group; each with the password {@code <name>-local-secret}. Tokens are RS256 JWTs shaped like
 * Cognito's: the access token has {@code client_id}, {@code token_use=access}, {@code username} and the groups in
 * {@code cognito:groups}; the ID token has {@code aud}. The key pair is made at start and never leaves the process.
 *
 * <p>It is as strict as the real thing where it matters to the console: unknown clients, redirect URIs that are not
 * registered, a missing or non-S256 code challenge, a reused, expired or mismatched code, and a wrong verifier are
 * all refused.
 */
public final class LocalOidcIssuer implements AutoCloseable {

    /** The console's app client, a public client (no secret) as a browser app must be. */
    public static final String CLIENT_ID = "secondlook-console";
    /** Who may sign in, and their groups. */
    public static final Map<String, List<String>> IDENTITIES = Map.of("alice", List.of("reviewers"), "bob",
            List.of("reviewers"), "dana", List.of("leads"), "carol", List.of());
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(1);
    private static final int MAX_BODY = 16 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Code(String username, String redirectUri, String challenge, Instant expires) {
    }

    private final HttpServer server;
    private final RSAKey key;
    private final Clock clock;
    private final Set<String> redirectUris = new CopyOnWriteArraySet<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final java.util.concurrent.ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "local-oidc-issuer");
        t.setDaemon(true);
        return t;
    });

    private LocalOidcIssuer(HttpServer server, RSAKey key, Clock clock) {
        this.server = server;
        this.key = key;
        this.clock = clock;
    }

    /** Starts the issuer on {@code 127.0.0.1:port} (0: a free port). */
    public static LocalOidcIssuer start(int port) throws IOException {
        LocalHttpApi.noDelay();
        RSAKey key;
        try {
            key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString())
                    .algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make the local issuer's key pair", e);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        LocalOidcIssuer issuer = new LocalOidcIssuer(server, key, Clock.systemUTC());
        server.createContext("/", issuer::handle);
        server.setExecutor(issuer.executor);
        server.start();
        return issuer;
    }

    /** The issuer URL, {@code iss} of every token: {@code http://127.0.0.1:<port>}. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String authorizationEndpoint() {
        return issuer() + "/oauth2/authorize";
    }

    public String tokenEndpoint() {
        return issuer() + "/oauth2/token";
    }

    /** Registers a redirect URI of the console's app client (exact match, as Cognito's callback URLs). */
    public void allowRedirect(String uri) {
        redirectUris.add(uri);
    }

    /** The password of a local identity. */
    public static String password(String username) {
        return username + "-local-secret";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("/.well-known/openid-configuration")) {
                json(exchange, 200, discovery(), null);
            } else if (method.equals("GET") && path.equals("/.well-known/jwks.json")) {
                send(exchange, 200, "application/json", new JWKSet(key.toPublicJWK()).toString(), Map.of());
            } else if (method.equals("GET") && path.equals("/oauth2/authorize")) {
                authorizeForm(exchange, query(exchange.getRequestURI().getRawQuery()));
            } else if (method.equals("POST") && path.equals("/oauth2/authorize")) {
                signIn(exchange, query(body(exchange)));
            } else if (method.equals("POST") && path.equals("/oauth2/token")) {
                token(exchange, query(body(exchange)));
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "Not Found", Map.of());
            }
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain; charset=utf-8", "Internal Server Error", Map.of());
        }
    }

    private ObjectNode discovery() {
        ObjectNode d = MAPPER.createObjectNode();
        d.put("issuer", issuer());
        d.put("authorization_endpoint", authorizationEndpoint());
        d.put("token_endpoint", tokenEndpoint());
        d.put("jwks_uri", issuer() + "/.well-known/jwks.json");
        d.putArray("response_types_supported").add("code");
        d.putArray("grant_types_supported").add("authorization_code");
        d.putArray("code_challenge_methods_supported").add("S256");
        d.putArray("subject_types_supported").add("public");
        d.putArray("id_token_signing_alg_values_supported").add("RS256");
        d.putArray("token_endpoint_auth_methods_supported").add("none");
        d.putArray("scopes_supported").add("openid");
        return d;
    }

    /** The checks of an authorization request; null when it is acceptable, else why not. */
    private String refusal(Map<String, String> q) {
        if (!CLIENT_ID.equals(q.get("client_id"))) {
            return "unknown client_id";
        }
        if (!redirectUris.contains(q.getOrDefault("redirect_uri", ""))) {
            return "redirect_uri is not registered for this client";
        }
        if (!"code".equals(q.get("response_type"))) {
            return "response_type must be code";
        }
        if (!"S256".equals(q.get("code_challenge_method")) || q.getOrDefault("code_challenge", "").length() < 43) {
            return "PKCE is required: code_challenge with code_challenge_method S256";
        }
        return null;
    }

    private void authorizeForm(HttpExchange exchange, Map<String, String> q) throws IOException {
        String refusal = refusal(q);
        if (refusal != null) {
            // never redirect to an unchecked URI: tell the person instead
            page(exchange, 400, q, "The sign-in request is invalid: " + refusal + ".", false);
            return;
        }
        page(exchange, 200, q, null, true);
    }

    private void signIn(HttpExchange exchange, Map<String, String> form) throws IOException {
        String refusal = refusal(form);
        if (refusal != null) {
            page(exchange, 400, form, "The sign-in request is invalid: " + refusal + ".", false);
            return;
        }
        String username = form.getOrDefault("username", "").trim();
        if (!IDENTITIES.containsKey(username) || !password(username).equals(form.get("password"))) {
            page(exchange, 401, form, "Incorrect username or password.", true);
            return;
        }
        String code = randomToken();
        codes.put(code, new Code(username, form.get("redirect_uri"), form.get("code_challenge"),
                clock.instant().plus(CODE_LIFETIME)));
        String location = form.get("redirect_uri") + (form.get("redirect_uri").contains("?") ? "&" : "?") + "code="
                + enc(code) + (form.containsKey("state") ? "&state=" + enc(form.get("state")) : "");
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (!"authorization_code".equals(form.get("grant_type"))) {
            tokenError(exchange, "unsupported_grant_type", origin);
            return;
        }
        Code code = codes.remove(form.getOrDefault("code", ""));
        if (code == null || clock.instant().isAfter(code.expires()) || !CLIENT_ID.equals(form.get("client_id"))
                || !code.redirectUri().equals(form.get("redirect_uri"))
                || !code.challenge().equals(s256(form.getOrDefault("code_verifier", "")))) {
            tokenError(exchange, "invalid_grant", origin);
            return;
        }
        Instant now = clock.instant();
        List<String> groups = IDENTITIES.get(code.username());
        JWTClaimsSet.Builder access = new JWTClaimsSet.Builder().issuer(issuer()).subject(code.username())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .jwtID(UUID.randomUUID().toString()).claim("client_id", CLIENT_ID).claim("token_use", "access")
                .claim("scope", "openid").claim("username", code.username());
        JWTClaimsSet.Builder id = new JWTClaimsSet.Builder().issuer(issuer()).subject(code.username())
                .audience(CLIENT_ID).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .claim("token_use", "id").claim("cognito:username", code.username());
        if (!groups.isEmpty()) {
            access.claim("cognito:groups", groups);
            id.claim("cognito:groups", groups);
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("access_token", sign(access.build()));
        body.put("id_token", sign(id.build()));
        body.put("token_type", "Bearer");
        body.put("expires_in", TOKEN_LIFETIME.toSeconds());
        json(exchange, 200, body, origin);
    }

    /** Signs claims with the issuer's key; exposed so tests can make tokens a real issuer would (or would not). */
    public String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a local token", e);
        }
    }

    private void tokenError(HttpExchange exchange, String error, String origin) throws IOException {
        json(exchange, 400, MAPPER.createObjectNode().put("error", error), origin);
    }

    /**
     * The login form: plain HTML, no script, its own strict CSP; the request's parameters ride along as hidden
     * fields, escaped.
     */
    private void page(HttpExchange exchange, int status, Map<String, String> q, String message, boolean form)
            throws IOException {
        StringBuilder html = new StringBuilder(2048);
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Sign in - secondlook (local)</title></head><body><main>")
                .append("<h1>Sign in to secondlook</h1>")
                .append("<p>The local issuer: alice and bob review, dana leads, carol is not a reviewer; "
                        + "each password is <code>&lt;name&gt;-local-secret</code>.</p>");
        if (message != null) {
            html.append("<p role=\"alert\">").append(escape(message)).append("</p>");
        }
        if (form) {
            html.append("<form method=\"post\" action=\"/oauth2/authorize\">");
            for (String k : List.of("client_id", "redirect_uri", "response_type", "code_challenge",
                    "code_challenge_method", "state", "scope")) {
                if (q.containsKey(k)) {
                    html.append("<input type=\"hidden\" name=\"").append(k).append("\" value=\"")
                            .append(escape(q.get(k))).append("\">");
                }
            }
            html.append("<p><label for=\"username\">Username</label><br>")
                    .append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus")
                    .append(" value=\"").append(escape(q.getOrDefault("username", ""))).append("\"></p>")
                    .append("<p><label for=\"password\">Password</label><br>")
                    .append("<input id=\"password\" name=\"password\" type=\"password\" ")
                    .append("autocomplete=\"current-password\" required></p>")
                    .append("<p><button type=\"submit\">Sign in</button></p></form>");
        }
        html.append("</main></body></html>");
        String redirectOrigin = origin(q.get("redirect_uri"));
        send(exchange, status, "text/html; charset=utf-8", html.toString(), Map.of("Content-Security-Policy",
                "default-src 'none'; form-action 'self'" + (redirectOrigin == null || !form ? ""
                        : " " + redirectOrigin) + "; frame-ancestors 'none'; base-uri 'none'",
                "X-Frame-Options", "DENY", "Cache-Control", "no-store"));
    }

    private String origin(String uri) {
        if (uri == null || !redirectUris.contains(uri)) {
            return null;
        }
        URI u = URI.create(uri);
        return u.getScheme() + "://" + u.getAuthority();
    }

    private void json(HttpExchange exchange, int status, ObjectNode body, String origin) throws IOException {
        Map<String, String> headers = new HashMap<>();
        headers.put("Cache-Control", "no-store");
        // the console exchanges its code from the browser, cross-origin, as with Cognito's token endpoint
        String allowed = origin == null ? null : redirectUris.stream().map(this::origin)
                .filter(origin::equals).findFirst().orElse(null);
        if (allowed != null) {
            headers.put("Access-Control-Allow-Origin", allowed);
            headers.put("Vary", "Origin");
        }
        send(exchange, status, "application/json", body.toString(), headers);
    }

    private static void send(HttpExchange exchange, int status, String type, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new IllegalArgumentException("request body too large");
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            out.putIfAbsent(k, eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static String s256(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
