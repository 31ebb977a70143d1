package dev.secondlook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plays an HTTP API's JWT authorizer as API Gateway does: the token from the identity source (the
 * {@code Authorization} header, with or without {@code Bearer }), its RS256 signature checked against the issuer's
 * JWKS (found through {@code <issuer>/.well-known/openid-configuration}), {@code iss} equal to the configured
 * issuer, {@code aud} - or, without one, {@code client_id} - among the configured audiences, {@code exp} after now
 * and {@code nbf}/{@code iat}, when present, before it. The verified claims reach the function as API Gateway passes
 * them: strings, arrays as {@code [a b]}.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html">Controlling
 * access to HTTP APIs with JWT authorizers</a>
 */
public final class LocalJwtAuthorizer {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String issuer;
    private final List<String> audience;
    private final Clock clock;
    private volatile DefaultJWTProcessor<SecurityContext> processor;

    public LocalJwtAuthorizer(String issuer, List<String> audience, Clock clock) {
        this.issuer = issuer;
        this.audience = List.copyOf(audience);
        this.clock = clock;
    }

    /** The verified claims of the request's token, or empty (API Gateway answers 401 Unauthorized). */
    public Optional<Map<String, String>> verify(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return Optional.empty();
        }
        String token = authorizationHeader.trim();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).trim();
        }
        JWTClaimsSet claims;
        try {
            claims = processor().process(token, null);
        } catch (java.text.ParseException | BadJOSEException | com.nimbusds.jose.JOSEException e) {
            return Optional.empty();
        }
        if (!issuer.equals(claims.getIssuer())) {
            return Optional.empty();
        }
        List<String> aud = claims.getAudience();
        Object clientId = claims.getClaim("client_id");
        boolean audienceOk = aud != null && !aud.isEmpty() ? aud.stream().anyMatch(audience::contains)
                : clientId instanceof String c && audience.contains(c);
        Date now = Date.from(clock.instant());
        if (!audienceOk || claims.getExpirationTime() == null || !claims.getExpirationTime().after(now)
                || (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().after(now))
                || (claims.getIssueTime() != null && claims.getIssueTime().after(now))) {
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        claims.getClaims().forEach((k, v) -> out.put(k, claimString(v)));
        return Optional.of(out);
    }

    private static String claimString(Object v) {
        if (v instanceof Collection<?> c) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : c) {
                b.append(b.length() > 1 ? " " : "").append(o);
            }
            return b.append(']').toString();
        }
        if (v instanceof Date d) {
            return String.valueOf(d.getTime() / 1000);
        }
        return String.valueOf(v);
    }

    /** Discovers the JWKS once, on the first token, as API Gateway fetches it when it needs it. */
    private DefaultJWTProcessor<SecurityContext> processor() throws com.nimbusds.jose.JOSEException {
        DefaultJWTProcessor<SecurityContext> p = processor;
        if (p != null) {
            return p;
        }
        synchronized (this) {
            if (processor == null) {
                URL jwks = jwksUri();
                JWKSource<SecurityContext> source = JWKSourceBuilder.create(jwks).retrying(false).build();
                DefaultJWTProcessor<SecurityContext> made = new DefaultJWTProcessor<>();
                made.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, source));
                // iss, aud / client_id and the times are checked above exactly as API Gateway does; the default
                // verifier would add a clock skew API Gateway does not allow
                made.setJWTClaimsSetVerifier((claims, context) -> { });
                processor = made;
            }
            return processor;
        }
    }

    private URL jwksUri() throws com.nimbusds.jose.JOSEException {
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(URI.create(issuer.replaceAll("/+$", "")
                            + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode d = MAPPER.readTree(r.body());
            if (r.statusCode() != 200 || !d.hasNonNull("jwks_uri")) {
                throw new com.nimbusds.jose.JOSEException("the issuer " + issuer + " has no discovery document");
            }
            return URI.create(d.get("jwks_uri").asText()).toURL();
        } catch (IOException e) {
            throw new com.nimbusds.jose.JOSEException("cannot reach the issuer " + issuer + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new com.nimbusds.jose.JOSEException("interrupted", e);
        }
    }
}
