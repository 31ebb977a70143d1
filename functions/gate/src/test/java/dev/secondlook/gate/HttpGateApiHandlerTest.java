package dev.secondlook.gate;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.policy.PolicyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GateFunction's handler fed the wire-format HTTP API events in events/ (an application's assumed-role session,
 * as API Gateway's IAM authoriser passes it on), with the bundled default policy and an in-memory store: no
 * emulator. Answers are checked against their contracts.
 */
class HttpGateApiHandlerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String APP_ROLE = "arn:aws:iam::123456789012:role/support-bot";
    private static final String HELD_ID = "5f0e8b3c-1d2a-4c6b-9e7f-0a1b2c3d4e02";
    private static final Instant RECEIVED = Instant.parse("2026-08-19T05:42:37.915Z");

    private final InMemoryCheckStore store = new InMemoryCheckStore();
    private final HttpGateApiHandler handler = new HttpGateApiHandler(GateWiring.create(new GateConfig("us-east-1",
            "t", null, null, Duration.ofMinutes(10), Duration.ofHours(4), Duration.ofDays(3), List.of(APP_ROLE)),
            PolicyLoader.loadDefault(), store, Clock.fixed(RECEIVED, ZoneOffset.UTC)));

    private static JsonNode valid(String contract, APIGatewayV2HTTPResponse r) throws IOException {
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode body = MAPPER.readTree(r.getBody());
        assertEquals(List.of(), SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(
                Files.readString(Path.of("../../contracts/" + contract + ".schema.json"))).validate(body));
        return body;
    }

    private static APIGatewayV2HTTPEvent event(String file) {
        return EventLoader.loadApiGatewayHttpEvent("../../events/" + file);
    }

    @ParameterizedTest
    @Event(value = "../../events/http-api-check-deliver.json", type = APIGatewayV2HTTPEvent.class)
    void aBenignOutput_isDelivered_withNoStoreCall(APIGatewayV2HTTPEvent event) throws IOException {
        JsonNode r = valid("check-result.v1", handler.handleRequest(event, null));
        assertEquals("deliver", r.get("decision").asText());
        assertEquals("5f0e8b3c-1d2a-4c6b-9e7f-0a1b2c3d4e01", r.get("checkId").asText());
        assertEquals(PolicyLoader.loadDefault().version(), r.get("policyVersion").asText());
        assertEquals(0, store.calls, "the deliver path of an unsampled output calls nothing");
    }

    @ParameterizedTest
    @Event(value = "../../events/http-api-check-hold.json", type = APIGatewayV2HTTPEvent.class)
    void anAwsKey_isHeld_inTheHoldLane_forTheApplicationsRole(APIGatewayV2HTTPEvent event) throws IOException {
        JsonNode r = valid("check-result.v1", handler.handleRequest(event, null));
        assertEquals("hold", r.get("decision").asText());
        assertEquals(HELD_ID, r.get("reviewId").asText());
        assertEquals("2026-08-19T05:57:37.915Z", r.get("expiresAt").asText(), "the default policy's 900 s");
        assertEquals(List.of("secret-leak"), MAPPER.convertValue(r.get("categories"), List.class));
        assertFalse(r.toString().contains("AKIAQYLPMN5HFIQR7XB2"), "no text in the answer");
        InMemoryCheckStore.Item item = store.items.get(HELD_ID);
        assertEquals(Lane.HOLD, item.record().lane());
        assertEquals(APP_ROLE, item.caller(), "the role, so that any of its sessions reads the decision");
        assertEquals(1, store.calls);
        assertEquals(r.toString(), MAPPER.readTree(handler.handleRequest(event, null).getBody()).toString(),
                "the same request again: the same check");
    }

    @Test
    void thePoll_saysHeld_thenDeliversTheReviewersEdit() throws IOException {
        handler.handleRequest(event("http-api-check-hold.json"), null);
        JsonNode held = valid("check-state.v1", handler.handleRequest(event("http-api-check-poll.json"), null));
        assertEquals("held", held.get("status").asText());
        assertTrue(held.get("output").isNull());
        store.decide(HELD_ID, CheckStatus.EDITED, "Sign in with SSO instead.", RECEIVED.plusSeconds(60));
        JsonNode edited = valid("check-state.v1", handler.handleRequest(event("http-api-check-poll.json"), null));
        assertEquals("edited", edited.get("status").asText());
        assertEquals("Sign in with SSO instead.", edited.get("output").asText());
    }

    @Test
    void callersWhoAreNotTheApplication_areRefused_andSeeNothing() throws IOException {
        for (String file : List.of("http-api-check-hold.json", "http-api-check-poll.json")) {
            APIGatewayV2HTTPEvent e = event(file);
            e.getRequestContext().getAuthorizer().getIam().setUserArn("arn:aws:iam::123456789012:user/carol");
            APIGatewayV2HTTPResponse r = handler.handleRequest(e, null);
            assertEquals(403, r.getStatusCode(), file);
            assertEquals("forbidden", MAPPER.readTree(r.getBody()).get("error").asText());
            APIGatewayV2HTTPEvent anonymous = event(file);
            anonymous.getRequestContext().setAuthorizer(null);
            assertEquals(401, handler.handleRequest(anonymous, null).getStatusCode(), file);
        }
        assertEquals(0, store.calls);
    }

    @Test
    void malformedRequests_are400_namingWhatIsWrong() throws IOException {
        Map<String, String> bodies = Map.of(
                "{\"requestID\":\"x\",\"route\":\"\",\"modelId\":\"m\",\"output\":\"o\"}", "unknown field 'requestID'",
                "{\"requestId\":\"x\",\"route\":\"\",\"modelId\":\"m\"}", "output is required",
                "{\"requestId\":\"x\",\"route\":\"\",\"modelId\":\"m\",\"output\":7}", "output must be a string",
                "[1]", "the body must be a JSON object",
                "{\"requestId\":\"x\",\"route\":\"\",\"modelId\":\"m\",\"output\":\"o\",\"metadata\":{\"k\":1}}",
                "metadata.k must be a string");
        for (Map.Entry<String, String> b : bodies.entrySet()) {
            APIGatewayV2HTTPEvent e = event("http-api-check-deliver.json");
            e.setBody(b.getKey());
            APIGatewayV2HTTPResponse r = handler.handleRequest(e, null);
            assertEquals(400, r.getStatusCode(), b.getKey());
            assertTrue(MAPPER.readTree(r.getBody()).get("message").asText().contains(b.getValue()), r.getBody());
        }
        APIGatewayV2HTTPEvent tooLong = event("http-api-check-poll.json");
        tooLong.setQueryStringParameters(Map.of("waitSeconds", "21"));
        assertEquals(400, handler.handleRequest(tooLong, null).getStatusCode());
        APIGatewayV2HTTPEvent unknown = event("http-api-check-poll.json");
        assertEquals(404, handler.handleRequest(unknown, null).getStatusCode(), "nothing held under this id yet");
    }
}
