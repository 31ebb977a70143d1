package dev.secondlook.client;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.secondlook.local.LocalHttpApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against the local runtime's HTTP API, which checks SigV4 as API Gateway does with IAM authorisation
 * (a badly signed request would be 403 before the handler): every request here is signed right, retried when the
 * gate is unavailable, and refused without retry when the gate says no.
 */
class GateClientTest {

    private static final String HOLD = "{\"schema\":\"secondlook.check-result/v1\",\"checkId\":\"req-1\","
            + "\"decision\":\"hold\",\"categories\":[\"secret-leak\"],\"rules\":[\"secret-cloud-keys\"],"
            + "\"policyVersion\":\"sha256:abc\",\"reviewId\":\"req-1\",\"expiresAt\":\"2026-12-01T10:15:00.000Z\"}";

    private final List<APIGatewayV2HTTPEvent> seen = new CopyOnWriteArrayList<>();
    private LocalHttpApi api;

    private GateClient client(Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> gate) throws IOException {
        api = LocalHttpApi.start(0, "us-east-1", "123456789012", Map.of("app", "app-local-secret"), e -> {
            seen.add(e);
            return gate.apply(e);
        });
        return GateClient.builder().endpoint(api.url()).region("us-east-1")
                .credentials(AwsCredentialsIdentity.create("app", "app-local-secret")).sleeper(ms -> { }).build();
    }

    private static APIGatewayV2HTTPResponse answer(int status, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withBody(body).build();
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void check_isSignedAsTheApplication_andItsAnswerRead() throws IOException {
        try (GateClient gate = client(e -> answer(200, HOLD))) {
            Check check = gate.check(CheckRequest.of("req-1", "support.chat", "anthropic.claude",
                    "Use \"AKIA...\"\nand ü").withPrompt("How?").withMetadata(Map.of("tenant", "t-042")));
            assertFalse(check.delivered());
            assertEquals("req-1", check.checkId());
            assertEquals(List.of("secret-leak"), check.categories());
            assertEquals("2026-12-01T10:15:00Z", check.expiresAt().toString());
            APIGatewayV2HTTPEvent e = seen.get(0);
            assertEquals("POST", e.getRequestContext().getHttp().getMethod());
            assertEquals("/v1/checks", e.getRawPath());
            assertEquals("arn:aws:iam::123456789012:user/app", e.getRequestContext().getAuthorizer().getIam()
                    .getUserArn());
            assertEquals("{\"requestId\":\"req-1\",\"route\":\"support.chat\",\"modelId\":\"anthropic.claude\","
                    + "\"prompt\":\"How?\",\"output\":\"Use \\\"AKIA...\\\"\\nand ü\",\"metadata\":{\"tenant\":"
                    + "\"t-042\"}}", e.getBody());
        }
    }

    @Test
    void anUnavailableGate_isRetried_andTheSameCheckSentAgain() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        try (GateClient gate = client(e -> calls.incrementAndGet() <= 2 ? answer(503,
                "{\"error\":\"unavailable\",\"message\":\"retry\"}") : answer(200, HOLD))) {
            assertEquals("req-1", gate.check(CheckRequest.of("req-1", "", "m", "x")).checkId());
            assertEquals(3, calls.get());
            assertEquals(seen.get(0).getBody(), seen.get(2).getBody());
        }
    }

    @Test
    void aRefusal_isNotRetried_andSaysWhy() throws IOException {
        try (GateClient gate = client(e -> answer(403, "{\"error\":\"forbidden\",\"message\":\"not an application\"}"))) {
            GateException e = assertThrows(GateException.class, () -> gate.check(CheckRequest.of("r", "", "m", "x")));
            assertEquals(403, e.status());
            assertEquals("forbidden", e.error());
            assertEquals(1, seen.size());
        }
    }

    @Test
    void awaitDecision_longPollsUntilDecided_andDeliversTheReviewersText() throws IOException {
        AtomicInteger polls = new AtomicInteger();
        try (GateClient gate = client(e -> {
            if (e.getRequestContext().getHttp().getMethod().equals("POST")) {
                return answer(200, HOLD);
            }
            return polls.incrementAndGet() < 3
                    ? answer(200, "{\"schema\":\"secondlook.check-state/v1\",\"checkId\":\"req-1\",\"status\":\"held\","
                    + "\"output\":null}")
                    : answer(200, "{\"schema\":\"secondlook.check-state/v1\",\"checkId\":\"req-1\",\"status\":\"edited\","
                    + "\"output\":\"Use SSO \\u2014 never keys.\",\"decidedAt\":\"2026-12-01T10:02:30.000Z\"}");
        })) {
            Decision d = gate.check(CheckRequest.of("req-1", "", "m", "x")).awaitDecision(Duration.ofMinutes(2));
            assertEquals("edited", d.status());
            assertEquals("Use SSO \u2014 never keys.", d.outputOr("fallback"));
            assertEquals("2026-12-01T10:02:30Z", d.decidedAt().toString());
            assertEquals(3, polls.get());
            APIGatewayV2HTTPEvent poll = seen.get(1);
            assertEquals("/v1/checks/req-1", poll.getRawPath());
            assertEquals(Map.of("waitSeconds", "20"), poll.getQueryStringParameters());
        }
    }

    @Test
    void awaitDecision_onADeliveredCheck_asksNothing_andAShortWaitEndsHeld() throws IOException {
        try (GateClient gate = client(e -> e.getRequestContext().getHttp().getMethod().equals("POST")
                ? answer(200, HOLD.replace("\"hold\"", "\"deliver\"").replace(",\"expiresAt\":\"2026-12-01T10:15:00.000Z\"",
                ""))
                : answer(200, "{\"schema\":\"secondlook.check-state/v1\",\"checkId\":\"req-1\",\"status\":\"held\","
                + "\"output\":null}"))) {
            Check delivered = gate.check(CheckRequest.of("req-1", "", "m", "fine"));
            assertTrue(delivered.delivered());
            assertEquals("fine", delivered.awaitDecision(Duration.ofMinutes(1)).output());
            assertEquals(1, seen.size(), "a delivered check needs no poll");
            Decision held = gate.awaitDecision("req-1", Duration.ofMillis(1));
            assertTrue(held.held());
            assertEquals("fallback", held.outputOr("fallback"));
            assertNull(held.decidedAt());
            assertEquals(Map.of("waitSeconds", "1"), seen.get(1).getQueryStringParameters());
        }
    }

    @Test
    void json_readsWhatTheGateWrites() {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(" {\"a\": [1, 2.5, true, null], \"b\": {\"c\": "
                + "\"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"}} ");
        assertEquals(List.of(1.0, 2.5, true), ((List<?>) m.get("a")).subList(0, 3));
        assertEquals("q\"\\/\b\f\n\r\té", ((Map<?, ?>) m.get("b")).get("c"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1} x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":"));
    }
}
