package dev.secondlook.cli;

import dev.secondlook.local.LocalOidcIssuer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Signs a local identity in to the console's API the way the console's page does - authorization code with PKCE
 * against the local OIDC issuer, the code exchanged at its token endpoint - without a browser, for the demo.
 */
final class ConsoleSignIn {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private ConsoleSignIn() {
    }

    /** The access token of {@code user} (password {@code <user>-local-secret}) for the console at {@code console}. */
    static String accessToken(LocalOidcIssuer issuer, URI console, String user) throws IOException,
            InterruptedException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", LocalOidcIssuer.CLIENT_ID);
        form.put("redirect_uri", console.toString());
        form.put("response_type", "code");
        form.put("code_challenge", s256(verifier));
        form.put("code_challenge_method", "S256");
        form.put("state", "demo");
        form.put("username", user);
        form.put("password", LocalOidcIssuer.password(user));
        HttpResponse<String> signIn = post(issuer.authorizationEndpoint(), form);
        String location = signIn.headers().firstValue("Location").orElseThrow(() -> new IOException(
                "the local issuer refused " + user + " (HTTP " + signIn.statusCode() + ")"));
        String code = URI.create(location).getQuery().replaceAll("^code=([^&]+).*$", "$1");
        HttpResponse<String> token = post(issuer.tokenEndpoint(), Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", console.toString(), "client_id", LocalOidcIssuer.CLIENT_ID,
                "code_verifier", verifier));
        if (token.statusCode() != 200) {
            throw new IOException("the local issuer's token endpoint answered HTTP " + token.statusCode());
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(token.body()).get("access_token").asText();
    }

    /** A GET on the console's API with a bearer token. */
    static HttpResponse<String> get(URI console, String path, String token) throws IOException,
            InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(console.resolve(path)).header("authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, Map<String, String> form) throws IOException,
            InterruptedException {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("content-type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
