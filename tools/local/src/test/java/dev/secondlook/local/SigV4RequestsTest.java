package dev.secondlook.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SigV4RequestsTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-08-19T06:00:00Z"), ZoneOffset.UTC);
    private static final URI URI_ = URI.create("http://127.0.0.1:8080/reviews/rev-1/verdict");
    private static final Map<String, String> SECRETS = Map.of("alice", "alice-secret");

    /** AWS's published SigV4 test suite: its example key, date, region and the signing name "service". */
    private static final Map<String, String> SUITE_KEYS = Map.of("AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final Clock SUITE_NOW = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
    private static final String CREDENTIAL = "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";

    private static Map<String, List<String>> signed(String body, String secret) {
        return new LinkedHashMap<>(SigV4Requests.sign("POST", URI_, body, AwsCredentialsIdentity.create("alice",
                secret), "us-east-1", NOW));
    }

    private static Optional<String> verify(Map<String, List<String>> headers, String body, Clock at) {
        return SigV4Requests.verify(new SigV4Requests.Received("POST", URI_.getRawPath(), null, headers,
                body.getBytes(StandardCharsets.UTF_8)), "us-east-1", SECRETS::get, at);
    }

    /** A request in the suite's text form: request line, headers (repeats kept in order), blank line, body. */
    private static SigV4Requests.Received parse(String text) {
        String[] headAndBody = text.split("\n\n", 2);
        String[] lines = headAndBody[0].split("\n");
        String[] requestLine = lines[0].split(" ");
        String target = lines[0].substring(requestLine[0].length() + 1, lines[0].lastIndexOf(" HTTP/1.1"));
        int q = target.indexOf('?');
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1));
        }
        return new SigV4Requests.Received(requestLine[0], q < 0 ? target : target.substring(0, q),
                q < 0 ? null : target.substring(q + 1), headers,
                (headAndBody.length > 1 ? headAndBody[1] : "").getBytes(StandardCharsets.UTF_8));
    }

    private static SigV4Requests.Verdict suite(String request) {
        return SigV4Requests.check(parse(request), "us-east-1", "service", SUITE_KEYS::get, SUITE_NOW);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            get-vanilla                      | GET / HTTP/1.1                 | host;x-amz-date | 5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
            get-vanilla-query-order-key-case | GET /?Param2=value2&Param1=value1 HTTP/1.1 | host;x-amz-date | b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500
            get-vanilla-query-unreserved     | GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1 | host;x-amz-date | 9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197
            get-vanilla-utf8-query           | GET /?ሴ=bar HTTP/1.1             | host;x-amz-date | 2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04
            get-utf8                         | GET /ሴ HTTP/1.1                  | host;x-amz-date | 8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85
            get-space-normalized             | GET /example space/ HTTP/1.1    | host;x-amz-date | 652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741
            get-slashes-normalized           | GET //example// HTTP/1.1        | host;x-amz-date | 9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84
            get-relative-relative-normalized | GET /example1/example2/../.. HTTP/1.1 | host;x-amz-date | 5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
            post-vanilla-query               | POST /?Param1=value1 HTTP/1.1   | host;x-amz-date | 28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11
            """)
    void awsPublishedVectors_verify(String name, String requestLine, String signedHeaders, String signature) {
        String request = requestLine + "\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\n"
                + "Authorization:AWS4-HMAC-SHA256 " + CREDENTIAL + "SignedHeaders=" + signedHeaders
                + ", Signature=" + signature + "\n\n";
        SigV4Requests.Verdict v = suite(request);
        assertEquals("AKIDEXAMPLE", v.accessKey(), name + ": " + v.refusal());
    }

    @Test
    void awsPublishedVectors_withRepeatedTrimmedAndBodyHeaders_verify() {
        assertTrue(suite("""
                GET / HTTP/1.1
                Host:example.amazonaws.com
                My-Header1:value2
                My-Header1:value2
                My-Header1:value1
                Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                SignedHeaders=host;my-header1;x-amz-date, \
                Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea
                X-Amz-Date:20150830T123600Z

                """).accepted(), "get-header-key-duplicate");
        assertTrue(suite("""
                GET / HTTP/1.1
                Host:example.amazonaws.com
                My-Header1: value1
                My-Header2: "a   b   c"
                Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                SignedHeaders=host;my-header1;my-header2;x-amz-date, \
                Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736
                X-Amz-Date:20150830T123600Z

                """).accepted(), "get-header-value-trim");
        assertTrue(suite("""
                POST / HTTP/1.1
                Content-Type:application/x-www-form-urlencoded
                Host:example.amazonaws.com
                Content-Length:13
                x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
                Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, \
                Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b
                X-Amz-Date:20150830T123600Z

                Param1=value1""").accepted(), "post-x-www-form-urlencoded");
        assertTrue(suite("""
                GET / HTTP/1.1
                Host:example.amazonaws.com
                Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                SignedHeaders=host;x-amz-date;x-amz-security-token, \
                Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8
                X-Amz-Date:20150830T123600Z
                X-Amz-Security-Token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267

                """).accepted(), "get-vanilla-with-session-token");
    }

    @Test
    void awsPublishedPresignedVector_verifies() {
        SigV4Requests.Verdict v = suite("GET /?Param2=value2&Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
                + "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600"
                + "&X-Amz-Signature=86012e2c9ad4d77369f5d81c11f75158aae4f895a085212cc6d3f923d300bed5 HTTP/1.1\n"
                + "Host:example.amazonaws.com\n\n");
        assertEquals("AKIDEXAMPLE", v.accessKey(), v.refusal());
    }

    @Test
    void aVector_changedInAnySignedPart_isRefused() {
        String good = "GET /?Param2=value2&Param1=value1 HTTP/1.1\nHost:example.amazonaws.com\n"
                + "X-Amz-Date:20150830T123600Z\nAuthorization:AWS4-HMAC-SHA256 " + CREDENTIAL
                + "SignedHeaders=host;x-amz-date, "
                + "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500\n\n";
        assertTrue(suite(good).accepted());
        assertTrue(suite(good + "a body the signature did not cover").refusal().contains("does not match"));
        assertFalse(suite(good.replace("value2", "value3")).accepted(), "query changed");
        assertFalse(suite(good.replace("GET /?", "GET /x?")).accepted(), "path changed");
        assertFalse(suite(good.replace("GET /", "POST /")).accepted(), "method changed");
        assertFalse(suite(good.replace("Host:example", "Host:evil")).accepted(), "signed header changed");
        assertTrue(suite(good.replace("Host:example.amazonaws.com\n", "Host:example.amazonaws.com\nX-Extra:1\n"))
                .accepted(), "an unsigned header may be added, as in AWS");
        assertTrue(suite(good.replace("host;x-amz-date", "host;x-amz-date;x-other")).refusal()
                .contains("x-other"), "a listed header the request lacks");
        assertTrue(suite(good.replace("host;x-amz-date", "x-amz-date;host")).refusal().contains("sorted"));
        assertTrue(suite(good.replace("/service/", "/s3/")).refusal().contains("service"));
        assertTrue(suite(good.replace("/us-east-1/", "/eu-west-1/")).refusal().contains("us-east-1"));
        assertTrue(suite(good.replace("/20150830/", "/20150831/")).refusal().contains("date"));
        assertTrue(suite(good.replace("AKIDEXAMPLE", "AKIDOTHER")).refusal().contains("security token"));
        assertTrue(SigV4Requests.check(parse(good), "us-east-1", "service", SUITE_KEYS::get,
                Clock.offset(SUITE_NOW, Duration.ofMinutes(6))).refusal().startsWith("Signature expired"));
    }

    @Test
    void aSignedRequest_verifiesAsItsAccessKey() {
        assertEquals(Optional.of("alice"), verify(signed("{\"outcome\":\"on-policy\"}", "alice-secret"),
                "{\"outcome\":\"on-policy\"}", NOW));
    }

    @Test
    void wrongSecret_tamperedBody_staleDate_orNoSignature_areRefused() {
        assertEquals(Optional.empty(), verify(signed("{}", "not-her-secret"), "{}", NOW));
        assertEquals(Optional.empty(), verify(signed("{\"outcome\":\"on-policy\"}", "alice-secret"),
                "{\"outcome\":\"off-policy\"}", NOW));
        assertEquals(Optional.empty(), verify(signed("{}", "alice-secret"), "{}",
                Clock.offset(NOW, Duration.ofMinutes(20))));
        assertEquals(Optional.empty(), verify(Map.of("content-type", List.of("application/json")), "{}", NOW));
    }

    @Test
    void aContentHashHeaderThatLies_isRefused_evenWhenNotSigned() {
        Map<String, List<String>> h = signed("{}", "alice-secret");
        h.put("x-amz-content-sha256", List.of("0".repeat(64)));
        assertEquals(Optional.empty(), verify(h, "{}", NOW));
    }
}
