package dev.secondlook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local OIDC issuer's authorization code flow with PKCE, and the local JWT authorizer's checks, which are API
 * Gateway's: signature by the issuer's JWKS, iss, aud or client_id, exp, nbf and iat.
 */
class LocalOidcIssuerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String REDIRECT = "http://127.0.0.1:9/";
    private static final String VERIFIER = "a-verifier-of-at-least-forty-three-characters-0123456789";
    private static LocalOidcIssuer issuer;
    private static LocalOidcIssuer otherIssuer;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        issuer = LocalOidcIssuer.start(0);
        issuer.allowRedirect(REDIRECT);
        otherIssuer = LocalOidcIssuer.start(0);
    }

    @AfterAll
    static void stop() {
        issuer.close();
        otherIssuer.close();
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> post(String url, Map<String, String> values) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("content-type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form(values))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> signInForm(String user, String password, String redirect) {
        return Map.of("client_id", LocalOidcIssuer.CLIENT_ID, "redirect_uri", redirect, "response_type", "code",
                "code_challenge", LocalOidcIssuer.s256(VERIFIER), "code_challenge_method", "S256", "state", "st-1",
                "username", user, "password", password);
    }

    private static String code(String user) throws Exception {
        HttpResponse<String> r = post(issuer.authorizationEndpoint(), signInForm(user,
                LocalOidcIssuer.password(user), REDIRECT));
        assertEquals(302, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT + "?code="), location);
        assertTrue(location.endsWith("&state=st-1"), location);
        return LocalOidcIssuer.query(URI.create(location).getRawQuery()).get("code");
    }

    private static HttpResponse<String> exchange(String code, String verifier) throws Exception {
        return post(issuer.tokenEndpoint(), Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "client_id", LocalOidcIssuer.CLIENT_ID, "code_verifier", verifier));
    }

    private static LocalJwtAuthorizer authorizer() {
        return new LocalJwtAuthorizer(issuer.issuer(), List.of(LocalOidcIssuer.CLIENT_ID), Clock.systemUTC());
    }

    @Test
    void codeFlowWithPkce_givesAnAccessTokenTheAuthorizerAccepts_withTheGroups() throws Exception {
        HttpResponse<String> r = exchange(code("dana"), VERIFIER);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode tokens = MAPPER.readTree(r.body());
        Map<String, String> claims = authorizer().verify("Bearer " + tokens.get("access_token").asText())
                .orElseThrow();
        assertEquals("dana", claims.get("sub"));
        assertEquals("[leads]", claims.get("cognito:groups"));
        assertEquals(LocalOidcIssuer.CLIENT_ID, claims.get("client_id"));
        // the ID token carries aud instead of client_id: accepted too, as by API Gateway
        assertTrue(authorizer().verify(tokens.get("id_token").asText()).isPresent());
    }

    @Test
    void aWrongVerifier_aReusedCode_andAWrongPassword_areRefused() throws Exception {
        assertEquals(400, exchange(code("alice"), "another-verifier-of-at-least-forty-three-chars-xyz").statusCode());
        String code = code("alice");
        assertEquals(200, exchange(code, VERIFIER).statusCode());
        assertEquals(400, exchange(code, VERIFIER).statusCode(), "a code is good once");
        HttpResponse<String> wrong = post(issuer.authorizationEndpoint(), signInForm("alice", "alice", REDIRECT));
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("Incorrect username or password."));
    }

    @Test
    void anUnregisteredRedirect_orNoPkce_isRefusedWithoutARedirect() throws Exception {
        HttpResponse<String> r = post(issuer.authorizationEndpoint(), signInForm("alice",
                LocalOidcIssuer.password("alice"), "http://attacker.invalid/"));
        assertEquals(400, r.statusCode());
        assertTrue(r.headers().firstValue("Location").isEmpty());
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(issuer.authorizationEndpoint()
                + "?response_type=code&client_id=" + LocalOidcIssuer.CLIENT_ID + "&redirect_uri="
                + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, page.statusCode());
        assertTrue(page.body().contains("PKCE is required"));
    }

    @Test
    void theAuthorizer_refusesAnotherIssuersKey_aWrongIssuerOrAudience_andExpiredTokens() {
        Instant now = Instant.now();
        JWTClaimsSet.Builder good = new JWTClaimsSet.Builder().issuer(issuer.issuer()).subject("alice")
                .claim("client_id", LocalOidcIssuer.CLIENT_ID).issueTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(600)));
        assertTrue(authorizer().verify(issuer.sign(good.build())).isPresent());
        assertEquals(Optional.empty(), authorizer().verify(otherIssuer.sign(good.build())), "signed by another key");
        assertEquals(Optional.empty(), authorizer().verify(issuer.sign(new JWTClaimsSet.Builder(good.build())
                .issuer("http://127.0.0.1:1").build())), "another issuer");
        assertEquals(Optional.empty(), authorizer().verify(issuer.sign(new JWTClaimsSet.Builder(good.build())
                .claim("client_id", "someone-else").build())), "another client");
        assertEquals(Optional.empty(), authorizer().verify(issuer.sign(new JWTClaimsSet.Builder(good.build())
                .expirationTime(Date.from(now.minusSeconds(1))).build())), "expired");
        assertEquals(Optional.empty(), authorizer().verify(issuer.sign(new JWTClaimsSet.Builder(good.build())
                .notBeforeTime(Date.from(now.plusSeconds(60))).build())), "not yet valid");
        String token = issuer.sign(good.build());
        String tampered = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(
                token.lastIndexOf('.') + 5);
        assertEquals(Optional.empty(), authorizer().verify(tampered), "bad signature");
        assertEquals(Optional.empty(), authorizer().verify(null), "no token");
    }
}
