package dev.secondlook.review;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The reviewer console's static page, script and style, bundled in the function and read once at init, and its
 * settings ({@code config.json}: the policy's categories, and the sign-in settings from the environment): the app client id, the issuer's authorization and
 * token endpoints and, when set, the registered redirect URL. Every response carries a strict
 * Content-Security-Policy: scripts and styles from the page's own origin only (no inline script or style), API
 * calls to the same origin and the token endpoint, no frames, no plugins, no form posts.
 */
final class ConsoleAssets {

    private static final Map<String, String> TYPES = Map.of("index.html", "text/html; charset=utf-8", "app.js",
            "text/javascript; charset=utf-8", "app.css", "text/css; charset=utf-8");

    private final Map<String, String> files = new HashMap<>();
    private final String config;
    private final String policy;

    private ConsoleAssets(String config, String tokenOrigin) {
        for (String name : TYPES.keySet()) {
            files.put(name, resource(name));
        }
        this.config = config;
        this.policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'"
                + (tokenOrigin == null ? "" : " " + tokenOrigin)
                + "; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    }

    /**
     * The console with the sign-in settings of {@code CONSOLE_CLIENT_ID}, {@code CONSOLE_AUTHORIZE_URL},
     * {@code CONSOLE_TOKEN_URL} and {@code CONSOLE_REDIRECT_URL} (all optional: without them the page says sign-in
     * is not set up), the policy's categories, which a verdict may name, and its rules' descriptions, shown beside
     * the evidence they marked.
     */
    static ConsoleAssets of(Map<String, String> env, java.util.Collection<String> categories,
                            Map<String, String> ruleDescriptions) {
        ObjectNode c = new ObjectMapper().createObjectNode();
        categories.stream().sorted().forEach(c.putArray("categories")::add);
        ObjectNode rules = c.putObject("rules");
        new java.util.TreeMap<>(ruleDescriptions).forEach(rules::put);
        c.put("clientId", env.getOrDefault("CONSOLE_CLIENT_ID", ""));
        c.put("authorizeUrl", env.getOrDefault("CONSOLE_AUTHORIZE_URL", ""));
        c.put("tokenUrl", env.getOrDefault("CONSOLE_TOKEN_URL", ""));
        c.put("redirectUrl", env.getOrDefault("CONSOLE_REDIRECT_URL", ""));
        return new ConsoleAssets(c.toString(), origin(env.get("CONSOLE_TOKEN_URL")));
    }

    private static String origin(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        URI u = URI.create(url.trim());
        if (u.getScheme() == null || u.getAuthority() == null
                || !(u.getScheme().equals("https") || u.getScheme().equals("http"))) {
            throw new IllegalArgumentException("CONSOLE_TOKEN_URL must be an http(s) URL");
        }
        return u.getScheme() + "://" + u.getAuthority();
    }

    /** {@code GET /}: the page. */
    APIGatewayV2HTTPResponse page() {
        return file("index.html");
    }

    /** {@code GET /console/{asset}}: the script, the style or the sign-in settings; 404 for anything else. */
    APIGatewayV2HTTPResponse asset(String name) {
        if ("config.json".equals(name)) {
            return response(200, "application/json", config);
        }
        if (name == null || name.equals("index.html") || !files.containsKey(name)) {
            return response(404, "application/json", "{\"error\":\"not-found\",\"message\":\"no such file\"}");
        }
        return file(name);
    }

    private APIGatewayV2HTTPResponse file(String name) {
        return response(200, TYPES.get(name), files.get(name));
    }

    private APIGatewayV2HTTPResponse response(int status, String type, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", type);
        headers.put("content-security-policy", policy);
        headers.put("x-content-type-options", "nosniff");
        headers.put("referrer-policy", "no-referrer");
        headers.put("x-frame-options", "DENY");
        headers.put("cache-control", "no-cache");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body).build();
    }

    private static String resource(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + name + " is missing from the function package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
