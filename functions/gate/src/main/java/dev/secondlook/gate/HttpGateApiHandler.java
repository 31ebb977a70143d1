package dev.secondlook.gate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.secondlook.aws.telemetry.Telemetry;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.gate.CheckConflictException;
import dev.secondlook.core.gate.CheckDecision;
import dev.secondlook.core.gate.CheckNotFoundException;
import dev.secondlook.core.gate.CheckRequest;
import dev.secondlook.core.gate.CheckResult;
import dev.secondlook.core.gate.CheckState;
import dev.secondlook.core.gate.InvalidCheckException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.secondlook.aws.telemetry.LogFields;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * GateFunction: the check API behind an API Gateway HTTP API with IAM authorisation (payload 2.0). Routes:
 * {@code POST /v1/checks} (deliver or hold; {@code contracts/check-request.v1} in, {@code check-result.v1} out) and
 * {@code GET /v1/checks/{checkId}?waitSeconds=N} (the long poll, N at most 20; {@code check-state.v1}).
 *
 * <p>Only the application principals of the template may call it (403 for anyone else, 401 without an identity).
 * Logs carry the check id, decision and status, never text.
 */
public final class HttpGateApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpGateApiHandler.class);
    /** The largest body read: far above the largest valid check (150 KB of output, 512 KB of context). */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final Set<String> FIELDS = Set.of("requestId", "route", "modelId", "system", "prompt", "output",
            "metadata");

    private final GateWiring wiring;

    public HttpGateApiHandler() {
        this(GateWiring.fromEnv());
    }

    /** Handler configured from the given environment variables (the local runtime reads them off the template). */
    public HttpGateApiHandler(Map<String, String> environment) {
        this(GateWiring.fromEnv(environment));
    }

    /** Handler with explicit wiring, for the local runtime and tests. */
    public HttpGateApiHandler(GateWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Telemetry.invocation(context, () -> handle(event));
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        long started = System.nanoTime();
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "GET";
        String checkId = event.getPathParameters() == null ? null : event.getPathParameters().get("checkId");
        GateAccess.Caller caller = wiring.access().caller(event);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("route", method + (checkId == null ? " /v1/checks" : " /v1/checks/{checkId}"));
        APIGatewayV2HTTPResponse response;
        if (caller instanceof GateAccess.Anonymous) {
            response = error(401, "unauthenticated", "the request carries no authenticated identity");
        } else if (caller instanceof GateAccess.Refused refused) {
            log.put("caller", refused.arn());
            response = error(403, "forbidden", "you are not an application of this stack: ask an administrator to add "
                    + "your role to its ApplicationPrincipalArns");
        } else {
            String app = ((GateAccess.Application) caller).principal();
            log.put("caller", app);
            response = route(method, checkId, event, app, log);
        }
        log.put("status", response.getStatusCode());
        log.put("millis", (System.nanoTime() - started) / 1_000_000);
        if (response.getStatusCode() >= 500) {
            LOG.error("check-request", LogFields.of(log));
        } else {
            LOG.info("check-request", LogFields.of(log));
        }
        return response;
    }

    private APIGatewayV2HTTPResponse route(String method, String checkId, APIGatewayV2HTTPEvent event, String app,
                                           Map<String, Object> log) {
        try {
            if (checkId == null && method.equals("POST")) {
                CheckResult result = wiring.check().check(request(event), app);
                log.put("checkId", result.checkId());
                log.put("decision", result.decision().wireName());
                Telemetry.count(result.decision() == CheckDecision.HOLD ? "ChecksHeld" : "ChecksDelivered", 1);
                return json(200, wiring.mapper().valueToTree(result));
            }
            if (checkId != null && method.equals("GET")) {
                log.put("checkId", checkId);
                CheckState state = wiring.await().await(checkId, app, waitFor(event));
                log.put("checkStatus", state.status().wireName());
                return json(200, wiring.mapper().valueToTree(state));
            }
            return error(404, "not-found", "no such route: " + method + " " + event.getRawPath());
        } catch (InvalidCheckException e) {
            return error(400, "invalid-request", e.getMessage());
        } catch (CheckNotFoundException e) {
            return error(404, "not-found", e.getMessage());
        } catch (CheckConflictException e) {
            return error(409, "conflict", e.getMessage());
        } catch (StoreUnavailableException e) {
            return error(503, "unavailable", "the check store is unavailable; retry");
        }
    }

    private CheckRequest request(APIGatewayV2HTTPEvent event) {
        String raw = event.getBody();
        if (raw == null || raw.isBlank()) {
            throw new InvalidCheckException("a JSON body is required");
        }
        byte[] bytes = event.getIsBase64Encoded() ? Base64.getDecoder().decode(raw)
                : raw.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new InvalidCheckException("the body is over " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode b;
        try {
            b = wiring.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new InvalidCheckException("the body is not valid JSON");
        }
        if (b == null || !b.isObject()) {
            throw new InvalidCheckException("the body must be a JSON object");
        }
        b.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new InvalidCheckException("unknown field '" + f + "' (allowed: " + FIELDS + ")");
            }
        });
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode meta = b.get("metadata");
        if (meta != null && !meta.isNull()) {
            if (!meta.isObject()) {
                throw new InvalidCheckException("metadata must be an object of strings");
            }
            meta.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    throw new InvalidCheckException("metadata." + e.getKey() + " must be a string");
                }
                metadata.put(e.getKey(), e.getValue().asText());
            });
        }
        return new CheckRequest(text(b, "requestId"), text(b, "route"), text(b, "modelId"), text(b, "system"),
                text(b, "prompt"), text(b, "output"), metadata);
    }

    /** A string field, null when absent or null; any other type is refused. */
    private static String text(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidCheckException(field + " must be a string");
        }
        return v.asText();
    }

    private static Duration waitFor(APIGatewayV2HTTPEvent event) {
        String v = event.getQueryStringParameters() == null ? null : event.getQueryStringParameters().get("waitSeconds");
        if (v == null || v.isBlank()) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofSeconds(Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            throw new InvalidCheckException("waitSeconds must be a whole number of seconds");
        }
    }

    private static APIGatewayV2HTTPResponse json(int status, JsonNode body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("content-type", "application/json")).withBody(body.toString()).build();
    }

    private APIGatewayV2HTTPResponse error(int status, String code, String message) {
        return json(status, wiring.mapper().createObjectNode().put("error", code).put("message", message));
    }
}
