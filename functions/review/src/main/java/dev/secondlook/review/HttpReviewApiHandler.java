package dev.secondlook.review;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.review.ClaimConflictException;
import dev.secondlook.core.review.InvalidRequestException;
import dev.secondlook.core.model.HoldDecision;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.review.ReviewClaims;
import dev.secondlook.core.incident.IncidentConflictException;
import dev.secondlook.core.incident.IncidentNotFoundException;
import dev.secondlook.core.review.ForbiddenException;
import dev.secondlook.core.review.Reviewer;
import dev.secondlook.core.review.ReviewView;
import dev.secondlook.core.review.ReviewNotFoundException;
import dev.secondlook.core.review.Verdict;
import dev.secondlook.core.review.ReviewWorkflow;
import dev.secondlook.aws.telemetry.Telemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.secondlook.aws.telemetry.LogFields;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * ReviewFunction: the reviewer API behind an API Gateway HTTP API (payload 2.0). Routes:
 * {@code POST /reviews/claim}, {@code GET /reviews/{id}}, {@code POST /reviews/{id}/verdict},
 * {@code POST /reviews/{id}/release}, {@code POST /reviews/{id}/extend} (the holder: one more lease),
 * {@code POST /reviews/{id}/claim} (a lead: this record),
 * {@code POST /reviews/{id}/amend} (the reviewer, within the amend window), {@code GET /reviews/mine} (the records
 * the caller holds), {@code GET /reviews?status=&lane=&category=&limit=&next=}, {@code GET /queues} (what waits
 * per lane, for any reviewer); the incident routes under {@code /incidents} ({@link IncidentRoutes}); and, on the
 * console's API, the reviewer console itself ({@code GET /}, {@code GET /console/{asset}}),
 * which needs no identity: it carries no data.
 *
 * <p>Authorisation is by role ({@link ReviewerAccess}): reviewers claim, read what they hold, judge and release;
 * leads also list, read and adjudicate anything; any other caller gets 403, a request without an identity 401.
 * The reviewer is the authenticated caller, never a field of the request body. Logs carry ids, never text; every
 * hand-out of text is audited.
 */
public final class HttpReviewApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpReviewApiHandler.class);

    private static final java.util.Set<String> ROOTS = java.util.Set.of("reviews", "incidents", "queues");

    private final ReviewWiring wiring;
    private final ConsoleAssets console;
    private final IncidentRoutes incidentRoutes;

    public HttpReviewApiHandler() {
        this(ReviewWiring.fromEnv(), System.getenv());
    }

    /** Handler configured from the given environment variables (the local runtime reads them off the template). */
    public HttpReviewApiHandler(java.util.Map<String, String> environment) {
        this(ReviewWiring.fromEnv(environment), environment);
    }

    private HttpReviewApiHandler(ReviewWiring wiring, java.util.Map<String, String> environment) {
        this(wiring, ConsoleAssets.of(environment, wiring.workflow().categories(), wiring.ruleDescriptions()));
    }

    /** Handler with explicit wiring and a console without sign-in settings, for tests. */
    public HttpReviewApiHandler(ReviewWiring wiring) {
        this(wiring, ConsoleAssets.of(Map.of(), wiring.workflow().categories(), wiring.ruleDescriptions()));
    }

    HttpReviewApiHandler(ReviewWiring wiring, ConsoleAssets console) {
        this.wiring = wiring;
        this.console = console;
        this.incidentRoutes = new IncidentRoutes(wiring.incidents(), wiring.mapper());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Telemetry.invocation(context, () -> handle(event));
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        // the console's page and assets: routes without an authorizer, static, no data
        if ("GET /".equals(event.getRouteKey())) {
            return console.page();
        }
        if ("GET /console/{asset}".equals(event.getRouteKey())) {
            return console.asset(event.getPathParameters() == null ? null : event.getPathParameters().get("asset"));
        }
        ReviewerAccess.Caller caller = wiring.access().caller(event);
        if (caller instanceof ReviewerAccess.Anonymous) {
            return error(401, "unauthenticated", "the request carries no authenticated identity");
        }
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "GET";
        String path = event.getRawPath() == null ? "" : event.getRawPath();
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                parts.add(java.net.URLDecoder.decode(p, StandardCharsets.UTF_8));
            }
        }
        if (!parts.isEmpty() && !ROOTS.contains(parts.get(0))) {
            // a stage name before /reviews or /incidents
            parts.remove(0);
        }
        if (caller instanceof ReviewerAccess.Refused refused) {
            log(method, parts, refused.id(), 403);
            return error(403, "forbidden", "you are not a reviewer of this stack: ask an administrator to add you "
                    + "to its reviewers or leads");
        }
        Reviewer reviewer = ((ReviewerAccess.Allowed) caller).reviewer();
        try {
            APIGatewayV2HTTPResponse response = route(method, parts, event, reviewer);
            log(method, parts, reviewer.id(), response.getStatusCode());
            return response;
        } catch (ForbiddenException e) {
            log(method, parts, reviewer.id(), 403);
            return error(403, "forbidden", e.getMessage());
        } catch (InvalidRequestException e) {
            return error(400, "invalid-request", e.getMessage());
        } catch (ReviewNotFoundException e) {
            return error(404, "not-found", e.getMessage());
        } catch (ClaimConflictException e) {
            return error(409, "claim-conflict", e.getMessage());
        } catch (IncidentNotFoundException e) {
            return error(404, "not-found", e.getMessage());
        } catch (IncidentConflictException e) {
            return error(409, "incident-conflict", e.getMessage());
        } catch (StoreUnavailableException e) {
            // what failed and why (an AWS error code and message, never customer text), for the operator
            LOG.warn("store-unavailable", LogFields.of(Map.of("route", method + " /"
                    + String.join("/", parts), "reason", e.getMessage(), "cause", String.valueOf(e.getCause()))));
            return error(503, "unavailable", "the review store is unavailable; retry");
        }
    }

    private APIGatewayV2HTTPResponse route(String method, List<String> parts, APIGatewayV2HTTPEvent event,
                                           Reviewer reviewer) {
        if (parts.size() == 1 && parts.get(0).equals("queues") && method.equals("GET")) {
            return json(200, wiring.mapper().valueToTree(wiring.workflow().overview()));
        }
        if (!parts.isEmpty() && parts.get(0).equals("incidents")) {
            Map<String, String> q = event.getQueryStringParameters() == null ? Map.of()
                    : event.getQueryStringParameters();
            // an acknowledgement needs no body: an absent one reads as {}
            boolean hasBody = event.getBody() != null && !event.getBody().isBlank();
            JsonNode answer = incidentRoutes.route(method, parts, q,
                    hasBody ? body(event) : wiring.mapper().createObjectNode(), reviewer);
            return answer == null ? error(404, "not-found", "no such route: " + method + " /"
                    + String.join("/", parts)) : json(200, answer);
        }
        if (parts.isEmpty() || !parts.get(0).equals("reviews")) {
            return error(404, "not-found", "no such route");
        }
        if (parts.size() == 1 && method.equals("GET")) {
            Map<String, String> q = event.getQueryStringParameters() == null ? Map.of()
                    : event.getQueryStringParameters();
            int limit;
            try {
                limit = Integer.parseInt(q.getOrDefault("limit", "25"));
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("limit must be a number");
            }
            ReviewClaims.Page page = wiring.workflow().list(reviewer, status(q.get("status")), lane(q.get("lane")),
                    q.get("category"), q.get("next"), limit);
            ObjectNode body = wiring.mapper().createObjectNode();
            body.set("items", wiring.mapper().valueToTree(page.items()));
            body.put("next", page.next());
            return json(200, body);
        }
        if (parts.size() == 2 && parts.get(1).equals("claim") && method.equals("POST")) {
            Optional<ReviewView> claimed = wiring.workflow().claimNext(reviewer);
            return claimed.map(r -> json(200, wiring.mapper().valueToTree(r)))
                    .orElseGet(() -> APIGatewayV2HTTPResponse.builder().withStatusCode(204).build());
        }
        if (parts.size() == 2 && method.equals("GET") && parts.get(1).equals("mine")) {
            ArrayNode items = wiring.mapper().createArrayNode();
            for (ReviewClaims.Claimed c : wiring.workflow().mine(reviewer)) {
                ObjectNode item = wiring.mapper().valueToTree(c.item());
                item.put("leaseExpiresAt", c.leaseExpiresAt());
                items.add(item);
            }
            ObjectNode body = wiring.mapper().createObjectNode();
            body.set("items", items);
            return json(200, body);
        }
        if (parts.size() == 2 && method.equals("GET")) {
            return json(200, wiring.mapper().valueToTree(wiring.workflow().show(parts.get(1), reviewer)));
        }
        if (parts.size() == 3 && method.equals("POST") && parts.get(2).equals("claim")) {
            return json(200, wiring.mapper().valueToTree(wiring.workflow().claim(parts.get(1), reviewer)));
        }
        if (parts.size() == 3 && method.equals("POST") && parts.get(2).equals("extend")) {
            java.time.Instant until = wiring.workflow().extend(parts.get(1), reviewer);
            return json(200, wiring.mapper().createObjectNode().put("reviewId", parts.get(1)).put("status",
                    "IN_REVIEW").put("leaseExpiresAt", dev.secondlook.core.model.Timestamps.format(until)));
        }
        if (parts.size() == 3 && method.equals("POST") && parts.get(2).equals("amend")) {
            wiring.workflow().amend(parts.get(1), reviewer, verdict(body(event)));
            return json(200, wiring.mapper().createObjectNode().put("reviewId", parts.get(1)).put("status",
                    "REVIEWED"));
        }
        if (parts.size() == 3 && method.equals("POST") && parts.get(2).equals("verdict")) {
            Verdict verdict = verdict(body(event));
            ReviewWorkflow.VerdictResult result = wiring.workflow().record(parts.get(1), reviewer, verdict);
            Telemetry.count("Verdicts", 1);
            Telemetry.seconds("ClaimToVerdictSeconds", result.held().toMillis() / 1000.0);
            // the status the record is in now: a double-reviewed record's first review sends it back to the queue,
            // and two that disagree leave it to a lead
            String status = switch (result.recorded()) {
                case REVIEWED -> "REVIEWED";
                case FIRST_OF_TWO -> "PENDING";
                case DISPUTED -> "DISPUTED";
            };
            var body = wiring.mapper().createObjectNode().put("reviewId", parts.get(1)).put("status", status);
            if (result.recorded() == ReviewWorkflow.Recorded.FIRST_OF_TWO) {
                body.put("message", "Recorded. This record is reviewed twice: another reviewer gives it a second, "
                        + "independent review.");
            } else if (result.recorded() == ReviewWorkflow.Recorded.DISPUTED) {
                Telemetry.count("DoubleReviewDisagreements", 1);
                body.put("message", "Recorded. The two independent reviews disagree: a lead adjudicates it.");
            }
            return json(200, body);
        }
        if (parts.size() == 3 && method.equals("POST") && parts.get(2).equals("release")) {
            wiring.workflow().release(parts.get(1), reviewer);
            return json(200, wiring.mapper().createObjectNode().put("reviewId", parts.get(1)).put("status",
                    "PENDING"));
        }
        return error(404, "not-found", "no such route: " + method + " /" + String.join("/", parts));
    }

    private static ReviewStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ReviewStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("status must be PENDING, IN_REVIEW, REVIEWED or DISPUTED");
        }
    }

    private static Lane lane(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Lane.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("lane must be hold, priority or routine");
        }
    }

    private JsonNode body(APIGatewayV2HTTPEvent event) {
        String raw = event.getBody();
        if (raw == null || raw.isBlank()) {
            throw new InvalidRequestException("a JSON body is required");
        }
        if (event.getIsBase64Encoded()) {
            raw = new String(Base64.getDecoder().decode(raw), StandardCharsets.UTF_8);
        }
        try {
            JsonNode n = wiring.mapper().readTree(raw);
            if (n == null || !n.isObject()) {
                throw new InvalidRequestException("the body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new InvalidRequestException("the body is not valid JSON");
        }
    }

    /**
     * The verdict of a request body ({@code contracts/review-verdict-request.v1}): as before the gate, plus, for a
     * held output, {@code decision} (approve, edit, block) and {@code editedOutput}; the outcome may then be left
     * out.
     */
    private static Verdict verdict(JsonNode b) {
        List<String> categories = new ArrayList<>();
        b.path("categories").forEach(c -> categories.add(c.asText()));
        HoldDecision decision;
        try {
            decision = b.hasNonNull("decision") ? HoldDecision.fromWire(b.get("decision").asText()) : null;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        return new Verdict(b.path("outcome").asText(""), categories, b.hasNonNull("severity")
                ? b.get("severity").asText() : null, b.hasNonNull("note") ? b.get("note").asText() : null,
                b.hasNonNull("correctedResponse") ? b.get("correctedResponse").asText() : null, decision,
                b.hasNonNull("editedOutput") ? b.get("editedOutput").asText() : null);
    }

    private APIGatewayV2HTTPResponse json(int status, JsonNode body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("content-type", "application/json")).withBody(body.toString()).build();
    }

    private APIGatewayV2HTTPResponse error(int status, String code, String message) {
        return json(status, wiring.mapper().createObjectNode().put("error", code).put("message", message));
    }

    private void log(String method, List<String> parts, String reviewer, int status) {
        Map<String, Object> fields = Map.of("route", method + " /" + String.join("/", parts), "reviewer", reviewer,
                "status", status);
        if (status >= 500) {
            LOG.error("request", LogFields.of(fields));
        } else {
            LOG.info("request", LogFields.of(fields));
        }
    }
}
