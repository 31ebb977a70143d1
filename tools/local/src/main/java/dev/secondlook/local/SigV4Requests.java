package dev.secondlook.local;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * SigV4 for the review API ({@code execute-api}): signing on the client, and the check an IAM-authorised API
 * Gateway makes, for the local runtime's HTTP API.
 *
 * <p>The check follows the Signature Version 4 specification, from the request as received: the canonical request
 * (method; the path with dot segments and repeated slashes removed, each byte outside the unreserved set
 * percent-encoded again; the query parameters decoded, re-encoded and sorted; exactly the headers the
 * Authorization header lists, their values trimmed and inner spaces collapsed, repeated headers joined with
 * commas; the SHA-256 of the body), the string to sign over the credential scope, the derived signing key, and a
 * constant-time comparison. Both forms are accepted: the Authorization header, and the {@code X-Amz-*} query
 * parameters of a presigned URL. Whatever else the client signed or did not sign is its own business, as in AWS.
 */
public final class SigV4Requests {

    public static final String SERVICE = "execute-api";
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final Duration MAX_EXPIRES = Duration.ofDays(7);
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]+");
    private static final HexFormat HEX = HexFormat.of();

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
     * A request as it arrived.
     *
     * @param method   the HTTP method
     * @param rawPath  the path exactly as sent (still percent-encoded)
     * @param rawQuery the query string exactly as sent, or null
     * @param headers  every header, any case, each repeated header's values in the order received
     * @param body     the body
     */
    public record Received(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                           byte[] body) {
    }

    /** The outcome of a check: the access key that signed, or why the request is refused (API Gateway's words). */
    public record Verdict(String accessKey, String refusal) {
        static Verdict refused(String why) {
            return new Verdict(null, why);
        }

        public boolean accepted() {
            return accessKey != null;
        }
    }

    /**
     * Verifies a request's SigV4 signature.
     *
     * @param secretForKey the secret of an access key id, or null for an unknown key
     * @return the access key id that signed it, or empty when the signature is missing, malformed, stale or wrong
     */
    public static Optional<String> verify(Received request, String region, Function<String, String> secretForKey,
                                          Clock clock) {
        return Optional.ofNullable(check(request, region, secretForKey, clock).accessKey());
    }

    /** As {@link #verify}, saying why a request is refused. */
    public static Verdict check(Received request, String region, Function<String, String> secretForKey, Clock clock) {
        return check(request, region, SERVICE, secretForKey, clock);
    }

    /** The check for any service's signing name (AWS's published test vectors sign for "service"). */
    static Verdict check(Received request, String region, String service, Function<String, String> secretForKey,
                         Clock clock) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.headers().forEach((k, v) -> headers.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        List<String[]> query = query(request.rawQuery());
        String auth = first(headers, "authorization");
        boolean presigned = auth == null && param(query, "X-Amz-Algorithm") != null;
        Map<String, String> fields;
        String amzDate;
        if (presigned) {
            fields = new LinkedHashMap<>();
            fields.put("Credential", param(query, "X-Amz-Credential"));
            fields.put("SignedHeaders", param(query, "X-Amz-SignedHeaders"));
            fields.put("Signature", param(query, "X-Amz-Signature"));
            if (!ALGORITHM.equals(param(query, "X-Amz-Algorithm"))) {
                return Verdict.refused("Unsupported signing algorithm");
            }
            amzDate = param(query, "X-Amz-Date");
        } else {
            if (auth == null) {
                return Verdict.refused("Missing Authentication Token");
            }
            fields = authorizationFields(auth.strip());
            if (fields == null) {
                return Verdict.refused("Authorization header requires 'Credential', 'SignedHeaders' and "
                        + "'Signature' parameters, signed with " + ALGORITHM);
            }
            amzDate = first(headers, "x-amz-date");
        }
        String[] scope = fields.get("Credential") == null ? new String[0] : fields.get("Credential").split("/", -1);
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            return Verdict.refused("Credential should be scoped to a valid region, service and aws4_request");
        }
        String accessKey = scope[0];
        if (!scope[2].equals(region) || !scope[3].equals(service)) {
            return Verdict.refused("Credential should be scoped to correct service: '" + service + "' in '"
                    + region + "'");
        }
        if (amzDate == null) {
            return Verdict.refused("Missing X-Amz-Date");
        }
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return Verdict.refused("X-Amz-Date must be in the ISO 8601 basic format yyyyMMdd'T'HHmmss'Z'");
        }
        if (!amzDate.startsWith(scope[1])) {
            return Verdict.refused("Credential should be scoped to the date of X-Amz-Date (" + amzDate.substring(0, 8)
                    + "), not " + scope[1]);
        }
        Instant now = clock.instant();
        if (presigned) {
            long expires;
            try {
                expires = Long.parseLong(String.valueOf(param(query, "X-Amz-Expires")));
            } catch (NumberFormatException e) {
                return Verdict.refused("X-Amz-Expires must be a number of seconds");
            }
            if (expires < 1 || expires > MAX_EXPIRES.toSeconds()) {
                return Verdict.refused("X-Amz-Expires must be between 1 second and 7 days");
            }
            if (now.isAfter(signedAt.plusSeconds(expires)) || signedAt.isAfter(now.plus(MAX_SKEW))) {
                return Verdict.refused("Signature expired: " + amzDate + " is now earlier or later than allowed");
            }
        } else if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            return Verdict.refused("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(LocalDateTime.ofInstant(now.minus(MAX_SKEW), ZoneOffset.UTC)));
        }
        String signature = fields.get("Signature");
        String signedHeaderList = fields.get("SignedHeaders");
        if (signature == null || !SIGNATURE.matcher(signature).matches() || signedHeaderList == null) {
            return Verdict.refused("Signature and SignedHeaders are required");
        }
        List<String> signedHeaders = List.of(signedHeaderList.split(";", -1));
        for (int i = 0; i < signedHeaders.size(); i++) {
            String h = signedHeaders.get(i);
            if (!HEADER_NAME.matcher(h).matches() || (i > 0 && signedHeaders.get(i - 1).compareTo(h) >= 0)) {
                return Verdict.refused("SignedHeaders must be lower-case header names, sorted, each once");
            }
            if (!headers.containsKey(h)) {
                return Verdict.refused("SignedHeaders lists " + h + ", which the request does not carry");
            }
        }
        if (!signedHeaders.contains("host")) {
            return Verdict.refused("SignedHeaders must include host");
        }
        if (!presigned && !signedHeaders.contains("x-amz-date")) {
            return Verdict.refused("SignedHeaders must include x-amz-date");
        }
        String bodyHash = hex(sha256(request.body()));
        String claimedHash = first(headers, "x-amz-content-sha256");
        if (claimedHash != null && !claimedHash.equals(bodyHash)) {
            return Verdict.refused("The provided x-amz-content-sha256 header does not match what was computed");
        }
        String secret = secretForKey.apply(accessKey);
        if (secret == null) {
            return Verdict.refused("The security token included in the request is invalid");
        }
        String canonical = canonicalRequest(request.method(), request.rawPath(), query, presigned, headers,
                signedHeaders, bodyHash);
        String credentialScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + credentialScope + "\n"
                + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = signingKey(secret, scope[1], scope[2], scope[3]);
        byte[] expected = hmac(key, stringToSign);
        if (!MessageDigest.isEqual(expected, HEX.parseHex(signature))) {
            return Verdict.refused("The request signature we calculated does not match the signature you provided. "
                    + "Check your AWS Secret Access Key and signing method.");
        }
        return new Verdict(accessKey, null);
    }

    /** The canonical request of the specification, for execute-api (double-encoded, normalised path). */
    static String canonicalRequest(String method, String rawPath, List<String[]> query, boolean presigned,
                                   Map<String, List<String>> headers, List<String> signedHeaders, String bodyHash) {
        StringBuilder sb = new StringBuilder();
        sb.append(method.toUpperCase(Locale.ROOT)).append('\n');
        sb.append(encode(normalise(rawPath == null || rawPath.isEmpty() ? "/" : rawPath), false)).append('\n');
        List<String[]> params = new ArrayList<>();
        for (String[] kv : query) {
            if (!(presigned && kv[0].equals("X-Amz-Signature"))) {
                params.add(new String[] {encode(kv[0], true), encode(kv[1], true)});
            }
        }
        params.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        for (int i = 0; i < params.size(); i++) {
            sb.append(i > 0 ? "&" : "").append(params.get(i)[0]).append('=').append(params.get(i)[1]);
        }
        sb.append('\n');
        for (String h : signedHeaders) {
            List<String> values = new ArrayList<>();
            for (String v : headers.get(h)) {
                values.add(v.strip().replaceAll(" +", " "));
            }
            sb.append(h).append(':').append(String.join(",", values)).append('\n');
        }
        sb.append('\n').append(String.join(";", signedHeaders)).append('\n').append(bodyHash);
        return sb.toString();
    }

    /** Removes {@code .} and {@code ..} segments and empty segments (repeated slashes), keeping a trailing slash. */
    static String normalise(String path) {
        Deque<String> out = new ArrayDeque<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                out.pollLast();
            } else {
                out.addLast(segment);
            }
        }
        boolean trailing = path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..");
        String joined = "/" + String.join("/", out);
        return trailing && !out.isEmpty() ? joined + "/" : joined;
    }

    /** SigV4's URI encoding: every byte but {@code A-Za-z0-9-_.~} as %XX; '/' kept in paths. */
    static String encode(String s, boolean slash) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (c == '/' && !slash)) {
                sb.append(c);
            } else {
                sb.append('%').append(HEX.withUpperCase().toHexDigits(b));
            }
        }
        return sb.toString();
    }

    /** Query parameters as sent, percent-decoded ('+' stays a plus: SigV4 clients encode a space as %20). */
    static List<String[]> query(String rawQuery) {
        List<String[]> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            out.add(new String[] {decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(
                    eq + 1))});
        }
        return out;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String param(List<String[]> query, String name) {
        for (String[] kv : query) {
            if (kv[0].equals(name)) {
                return kv[1];
            }
        }
        return null;
    }

    /** {@code AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...} as a map, or null. */
    private static Map<String, String> authorizationFields(String auth) {
        if (!auth.startsWith(ALGORITHM + " ")) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : auth.substring(ALGORITHM.length() + 1).split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq < 1 || fields.put(p.substring(0, eq), p.substring(eq + 1)) != null) {
                return null;
            }
        }
        return fields.keySet().equals(java.util.Set.of("Credential", "SignedHeaders", "Signature")) ? fields : null;
    }

    static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, service);
        return hmac(k, "aws4_request");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    private static SdkHttpRequest request(String method, URI uri, Map<String, List<String>> headers) {
        SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method.toUpperCase(
                Locale.ROOT))).uri(uri);
        headers.forEach(b::putHeader);
        return b.build();
    }

    private static String first(Map<String, List<String>> h, String name) {
        List<String> v = h.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
