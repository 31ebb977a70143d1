package dev.secondlook.local;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SigV4 for the review API ({@code execute-api}): signing on the client, and the check an IAM-authorised API
 * Gateway makes, for the local runtime's HTTP API.
 */
public final class SigV4Requests {

    public static final String SERVICE = "execute-api";
    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?"
                    + "Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private SigV4Requests() {
    }

    /** The headers to send with a request signed by {@code credentials}. */
    public static Map<String, List<String>> sign(String method, URI uri, String body, AwsCredentialsIdentity credentials,
                                                 String region, Clock clock) {
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials)
                .request(request(method, uri, Map.of("content-type", List.of("application/json"))))
                .payload(ContentStreamProvider.fromUtf8String(body == null ? "" : body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        return signed.request().headers();
    }

    /**
     * Verifies a request's SigV4 signature.
     *
     * @param headers       request headers (any case)
     * @param secretForKey  the secret of an access key id, or null for an unknown key
     * @return the access key id that signed it, or empty when the signature is missing, malformed, stale or wrong
     */
    public static Optional<String> verify(String method, URI uri, Map<String, List<String>> headers, byte[] body,
                                          String region, Function<String, String> secretForKey, Clock clock) {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        String auth = first(h, "authorization");
        String date = first(h, "x-amz-date");
        if (auth == null || date == null) {
            return Optional.empty();
        }
        Matcher m = AUTH.matcher(auth.trim());
        if (!m.matches() || !m.group(3).equals(region) || !m.group(4).equals(SERVICE)) {
            return Optional.empty();
        }
        String accessKey = m.group(1);
        String secret = secretForKey.apply(accessKey);
        if (secret == null) {
            return Optional.empty();
        }
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(date, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
            return Optional.empty();
        }
        String contentSha = first(h, "x-amz-content-sha256");
        if (contentSha != null && !contentSha.equals(sha256(body))) {
            return Optional.empty();
        }
        Map<String, List<String>> signedHeaders = new TreeMap<>();
        for (String name : m.group(5).split(";")) {
            if (!name.equals("host") && !name.equals("x-amz-date") && h.containsKey(name)) {
                signedHeaders.put(name, h.get(name));
            }
        }
        SignedRequest again = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKey, secret))
                .request(request(method, uri, signedHeaders))
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        String expected = first(again.request().headers(), "Authorization");
        boolean same = expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                auth.trim().getBytes(StandardCharsets.UTF_8));
        return same ? Optional.of(accessKey) : Optional.empty();
    }

    private static SdkHttpRequest request(String method, URI uri, Map<String, List<String>> headers) {
        SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method.toUpperCase(
                Locale.ROOT))).uri(uri);
        headers.forEach(b::putHeader);
        return b.build();
    }

    private static String first(Map<String, List<String>> h, String name) {
        for (Map.Entry<String, List<String>> e : h.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    private static String sha256(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            StringBuilder sb = new StringBuilder();
            for (byte x : d) {
                sb.append(String.format("%02x", x));
            }
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
