package dev.secondlook.review;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.HandlerParams;
import com.amazonaws.services.lambda.runtime.tests.annotations.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.dynamodb.ReviewTableSchema;
import dev.secondlook.core.incident.DeliveredOutput;
import dev.secondlook.core.incident.InMemoryIncidentStore;
import dev.secondlook.core.incident.IncidentPolicy;
import dev.secondlook.core.incident.IncidentWorkflow;
import dev.secondlook.core.incident.OpenIncidents;
import dev.secondlook.core.incident.RerunResults;
import dev.secondlook.core.model.Timestamps;
import dev.secondlook.core.policy.PolicyLoader;
import dev.secondlook.core.review.ReviewWorkflow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ReviewFunction's handler fed the wire-format HTTP API (payload 2.0) events in events/, one per route, each signed
 * by an IAM user as the API's IAM authoriser passes it on; wired with in-memory ports: no emulator. The table holds
 * the two reviews of events/dynamodb-stream-insert.json and each lane's queue their message, as RouteFunction left
 * them; the clock stands at each request's {@code timeEpoch}.
 */
class HttpReviewApiHandlerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PAGE_ID = "7b3e1c2a-0006-4e5f-9a1b-000000000006";
    private static final String SAMPLE_ID = "7b3e1c2a-1006-4e5f-9a1b-000000000006";
    private static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    private static final String PAGE_RECEIPT =
            "AQEBq8X2mJ9pL4vK7cR1tY6nB3wE5sD0fG2hJ8kL1zX4cV7bN9mQ3wE6rT0yU2iO5pA8sD1fG4hJ7kL0zX3c==";
    private static final String SAMPLE_RECEIPT =
            "AQEBzbVv6ZZQ3cOm0Qk1E3q1yRiRg8Wk0yBOUvS1Wc4T0dF2nWYtq3o5cN9Yk2hXl7bJc1aP0eQ4gHf6rT8uVw==";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-08-19T05:30:00Z"));
    private final InMemoryPorts ports = new InMemoryPorts(clock);
    /** alice and bob review, dana leads; anyone else (carol) is refused. */
    static final ReviewerAccess ACCESS = new ReviewerAccess(List.of(ALICE, "arn:aws:iam::123456789012:user/bob"),
            List.of("arn:aws:iam::123456789012:user/dana"), "reviewers", "leads", "cognito:groups");
    private final InMemoryIncidentStore incidentStore = new InMemoryIncidentStore();
    private final Map<String, RerunResults.CaseResult> reruns = new HashMap<>();
    private final HttpReviewApiHandler handler = new HttpReviewApiHandler(new ReviewWiring(
            new ReviewWorkflow(ports.inbox, ports.claims, ports.audit, Duration.ofSeconds(900), clock,
                    PolicyLoader.defaultCategories()),
            new IncidentWorkflow(incidentStore, (run, id) -> Optional.ofNullable(reruns.get(run + "/" + id)), clock),
            ACCESS, MAPPER));

    @BeforeEach
    void tableAndQueuesAsRouteLeftThem() {
        ports.store(EventLoader.loadDynamoDbEvent("../../events/dynamodb-stream-insert.json"));
        ports.send("priority", PAGE_ID, PAGE_RECEIPT);
        ports.send("routine", SAMPLE_ID, SAMPLE_RECEIPT);
    }

    /** The request, handled at the time API Gateway received it. */
    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        clock.set(Instant.ofEpochMilli(event.getRequestContext().getTimeEpoch()));
        return handler.handleRequest(event, null);
    }

    private APIGatewayV2HTTPResponse handle(String eventFile) {
        return handle(EventLoader.loadApiGatewayHttpEvent("../../events/" + eventFile));
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) throws IOException {
        return MAPPER.readTree(response.getBody());
    }

    @ParameterizedTest
    @Event(value = "../../events/http-api-claim.json", type = APIGatewayV2HTTPEvent.class)
    void claim_givesTheCallerThePriorityRecordWithItsText_leasedFor15Minutes(APIGatewayV2HTTPEvent event)
            throws IOException {
        APIGatewayV2HTTPResponse response = handle(event);

        assertEquals(200, response.getStatusCode());
        assertEquals("application/json", response.getHeaders().get("content-type"));
        JsonNode claimed = body(response);
        assertEquals(PAGE_ID, claimed.get("id").asText(), "the priority lane first");
        assertEquals("IN_REVIEW", claimed.get("status").asText());
        assertEquals(ALICE, claimed.get("claimBy").asText(), "the reviewer is the IAM caller");
        assertEquals("2026-08-19T05:31:10.482Z", claimed.get("claimedAt").asText());
        assertEquals("2026-08-19T05:46:10.482Z", claimed.get("leaseExpiresAt").asText());
        assertTrue(claimed.get("output").asText().contains("AKIAIOSFODNN7EXAMPLE"), "the reviewer sees the text");
        assertFalse(claimed.has("claimReceipt") || claimed.has("kind"), "internal attributes stay inside");

        assertEquals(PAGE_RECEIPT, ports.items.get(PAGE_ID).get("claimReceipt"));
        assertEquals(List.of(), ports.visible("priority"), "the message is the lease: invisible while held");
        assertEquals(List.of(SAMPLE_ID), ports.visible("routine"));
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/http-api-claim.json", type = APIGatewayV2HTTPEvent.class),
            response = @Response(value = "../../events/responses/http-api-claim.no-content.json",
                    type = APIGatewayV2HTTPResponse.class))
    void claim_withBothQueuesEmpty_isNoContent(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse expected) {
        ports.queues.values().forEach(List::clear);
        assertEquals(expected, handle(event));
    }

    @ParameterizedTest
    @Event(value = "../../events/http-api-show.json", type = APIGatewayV2HTTPEvent.class)
    void show_returnsTheVersionedView_withoutInternalAttributes(APIGatewayV2HTTPEvent event) throws IOException {
        assertEquals(Map.of("id", PAGE_ID), event.getPathParameters());
        APIGatewayV2HTTPResponse response = handle(event);

        assertEquals(200, response.getStatusCode());
        JsonNode shown = body(response);
        assertEquals(MAPPER.writeValueAsString(ReviewTableSchema.view(InMemoryPorts.item(ports.items.get(PAGE_ID)))),
                shown.toString());
        assertEquals(List.of(), com.networknt.schema.SchemaRegistry.withDefaultDialect(
                com.networknt.schema.SpecificationVersion.DRAFT_2020_12).getSchema(java.nio.file.Files.readString(
                java.nio.file.Path.of("../../contracts/review-view.v3.schema.json"))).validate(shown));
        assertEquals("secondlook.review-view/v3", shown.get("schema").asText());
        assertTrue(shown.get("hold").isNull(), "a record from a log holds no output");
        assertTrue(shown.get("kind") == null && shown.get("claimReceipt") == null, "no table bookkeeping");
        assertEquals("PENDING", shown.get("status").asText());
        assertEquals("page", shown.get("severity").asText());
        assertEquals("****************MPLE (20 chars, masked)", shown.get("evidence").get(0).get("excerpt").asText());
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/http-api-show-unknown-id.json", type = APIGatewayV2HTTPEvent.class),
            response = @Response(value = "../../events/responses/http-api-show-unknown-id.not-found.json",
                    type = APIGatewayV2HTTPResponse.class))
    void show_ofAnUnknownId_isNotFound(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse expected) {
        assertEquals(expected, handle(event));
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/http-api-verdict.json", type = APIGatewayV2HTTPEvent.class),
            response = @Response(value = "../../events/responses/http-api-verdict.reviewed.json",
                    type = APIGatewayV2HTTPResponse.class))
    void verdict_fromTheHolder_marksReviewed_deletesTheMessage_andLeavesTheItemTheFeedbackStreamCarries(
            APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse expected) {
        assertEquals(200, handle("http-api-claim.json").getStatusCode());

        assertEquals(expected, handle(event));

        assertEquals(List.of(PAGE_RECEIPT), ports.deleted);
        DynamodbEvent modify = EventLoader.loadDynamoDbEvent("../../events/dynamodb-stream-modify-off-policy.json");
        Map<String, Object> streamed = new TreeMap<>();
        modify.getRecords().get(0).getDynamodb().getNewImage().forEach((k, v) -> streamed.put(k,
                InMemoryPorts.plain(v)));
        assertEquals(streamed, ports.items.get(PAGE_ID),
                "the verdict leaves the item that events/dynamodb-stream-modify-off-policy.json streams");
    }

    @ParameterizedTest
    @Event(value = "../../events/http-api-verdict.json", type = APIGatewayV2HTTPEvent.class)
    void verdict_withoutAClaim_isAConflict_andChangesNothing(APIGatewayV2HTTPEvent event) throws IOException {
        APIGatewayV2HTTPResponse response = handle(event);

        assertEquals(409, response.getStatusCode());
        assertEquals("claim-conflict", body(response).get("error").asText());
        assertEquals("PENDING", ports.items.get(PAGE_ID).get("status"));
        assertTrue(ports.deleted.isEmpty());
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/http-api-verdict-no-identity.json",
                    type = APIGatewayV2HTTPEvent.class),
            response = @Response(value = "../../events/responses/http-api.unauthenticated.json",
                    type = APIGatewayV2HTTPResponse.class))
    void verdict_fromACallerWithoutIamIdentity_isRefused_andChangesNothing(APIGatewayV2HTTPEvent event,
                                                                          APIGatewayV2HTTPResponse expected) {
        assertEquals(200, handle("http-api-claim.json").getStatusCode());
        Map<String, Object> before = new TreeMap<>(ports.items.get(PAGE_ID));

        assertEquals(expected, handle(event));

        assertEquals(before, ports.items.get(PAGE_ID));
        assertTrue(ports.deleted.isEmpty());
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/http-api-release.json", type = APIGatewayV2HTTPEvent.class),
            response = @Response(value = "../../events/responses/http-api-release.pending.json",
                    type = APIGatewayV2HTTPResponse.class))
    void release_byTheHolder_returnsTheRecordAndItsMessageAtOnce(APIGatewayV2HTTPEvent event,
                                                                APIGatewayV2HTTPResponse expected) {
        assertEquals(200, handle("http-api-claim.json").getStatusCode());

        assertEquals(expected, handle(event));

        Map<String, Object> item = ports.items.get(PAGE_ID);
        assertEquals("PENDING", item.get("status"));
        assertEquals(ALICE, item.get("releasedBy"));
        assertFalse(item.containsKey("claimBy") || item.containsKey("leaseExpiresAt"));
        assertEquals(List.of(PAGE_ID), ports.visible("priority"), "visible again before its lease would end");
        assertTrue(ports.deleted.contains(PAGE_RECEIPT), "a fresh pointer replaces the claimed message");
        assertEquals(expected, handle(event), "the same release again (a retry after a lost answer) is accepted");
    }

    @ParameterizedTest
    @Event(value = "../../events/http-api-extend.json", type = APIGatewayV2HTTPEvent.class)
    void extend_byTheHolder_givesAFullLeaseFromNow_inTheTableAndOnTheQueue_andNobodyElseMay(
            APIGatewayV2HTTPEvent event) throws IOException {
        assertEquals(200, handle("http-api-claim.json").getStatusCode());

        APIGatewayV2HTTPResponse response = handle(event);
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("2026-08-19T05:50:02.118Z", body(response).get("leaseExpiresAt").asText(), "900 s from now");
        assertEquals("2026-08-19T05:50:02.118Z", ports.items.get(PAGE_ID).get("leaseExpiresAt"));
        clock.set(Instant.parse("2026-08-19T05:50:00Z"));
        assertEquals(List.of(), ports.visible("priority"), "the message stays invisible as long as the lease");
        clock.set(Instant.parse("2026-08-19T05:50:03Z"));
        assertEquals(List.of(PAGE_ID), ports.visible("priority"));

        APIGatewayV2HTTPEvent bob = EventLoader.loadApiGatewayHttpEvent("../../events/http-api-extend.json");
        bob.getRequestContext().getAuthorizer().getIam().setUserArn("arn:aws:iam::123456789012:user/bob");
        assertEquals(409, handle(bob).getStatusCode(), "only the holder extends");
        APIGatewayV2HTTPEvent late = EventLoader.loadApiGatewayHttpEvent("../../events/http-api-extend.json");
        late.getRequestContext().setTimeEpoch(Instant.parse("2026-08-19T05:51:00Z").toEpochMilli());
        assertEquals(409, handle(late).getStatusCode(), "a lapsed lease cannot be extended: claim again");
    }

    @ParameterizedTest
    @Event(value = "../../events/http-api-list.json", type = APIGatewayV2HTTPEvent.class)
    void list_filtersByStatusAndLane_andCarriesLabelsOnly(APIGatewayV2HTTPEvent event) throws IOException {
        APIGatewayV2HTTPResponse response = handle(event);

        assertEquals(200, response.getStatusCode());
        JsonNode page = body(response);
        assertTrue(page.get("next").isNull());
        assertEquals(1, page.get("items").size());
        JsonNode item = page.get("items").get(0);
        assertEquals(PAGE_ID, item.get("id").asText());
        assertEquals("2026-08-19T09:15:05.127Z", item.get("dueAt").asText());
        Set<String> labels = new HashSet<>(ReviewTableSchema.PROJECTED);
        labels.addAll(List.of("id", "status", "dueAt"));
        List<String> fields = new ArrayList<>();
        item.fieldNames().forEachRemaining(fields::add);
        assertTrue(labels.containsAll(fields), "labels only, never text: " + fields);
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/aws-samples/apigw_http_event.json",
                    type = APIGatewayV2HTTPEvent.class),
            response = @Response(value = "../../events/responses/http-api.unauthenticated.json",
                    type = APIGatewayV2HTTPResponse.class))
    void awsSampleWithJwtClaimsButNoEmailOrSubject_isRefused(APIGatewayV2HTTPEvent event,
                                                             APIGatewayV2HTTPResponse expected) {
        assertEquals("value1", event.getRequestContext().getAuthorizer().getJwt().getClaims().get("claim1"));
        assertEquals(expected, handle(event));
    }

    private static final String BOB = "arn:aws:iam::123456789012:user/bob";
    private static final String CAROL = "arn:aws:iam::123456789012:user/carol";
    private static final String DANA = "arn:aws:iam::123456789012:user/dana";

    /** A route's wire event as another IAM caller would send it. */
    private static APIGatewayV2HTTPEvent as(String eventFile, String userArn) {
        APIGatewayV2HTTPEvent e = EventLoader.loadApiGatewayHttpEvent("../../events/" + eventFile);
        e.getRequestContext().getAuthorizer().getIam().setUserArn(userArn);
        return e;
    }

    @Test
    void aSignedCallerWhoIsNeitherReviewerNorLead_isForbiddenOnEveryRoute_andSeesNoText() throws IOException {
        for (String route : List.of("http-api-claim.json", "http-api-show.json", "http-api-verdict.json",
                "http-api-release.json", "http-api-list.json", "http-api-show-unknown-id.json")) {
            APIGatewayV2HTTPResponse r = handle(as(route, CAROL));
            assertEquals(403, r.getStatusCode(), route);
            assertEquals("forbidden", body(r).get("error").asText(), route);
        }
        assertEquals(List.of(), ports.audited);
        assertEquals("PENDING", ports.items.get(PAGE_ID).get("status"), "nothing changed");
    }

    @Test
    void aReviewer_readsOnlyWhatTheyHold_aLeadReadsAnything_andEveryReadIsAudited() throws IOException {
        assertEquals(403, handle(as("http-api-show.json", ALICE)).getStatusCode(), "not claimed by alice yet");
        assertEquals(200, handle(as("http-api-claim.json", ALICE)).getStatusCode());
        assertEquals(200, handle(as("http-api-show.json", ALICE)).getStatusCode(), "alice holds it now");
        APIGatewayV2HTTPResponse byBob = handle(as("http-api-show.json", BOB));
        assertEquals(403, byBob.getStatusCode(), "bob cannot read alice's claimed record");
        assertFalse(byBob.getBody().contains("AKIAIOSFODNN7EXAMPLE"));
        JsonNode byDana = body(handle(as("http-api-show.json", DANA)));
        assertEquals(ALICE, byDana.get("claimBy").asText(), "a lead sees who holds it");
        assertEquals(List.of(List.of(PAGE_ID, ALICE, "claim"), List.of(PAGE_ID, ALICE, "show"),
                List.of(PAGE_ID, DANA, "show")), ports.audited);
    }

    @Test
    void aReviewer_seesNoOtherReviewersIdentity() throws IOException {
        assertEquals(200, handle(as("http-api-claim.json", ALICE)).getStatusCode());
        assertEquals(200, handle(as("http-api-release.json", ALICE)).getStatusCode());
        JsonNode claimedByBob = body(handle(as("http-api-claim.json", BOB)));
        assertEquals(PAGE_ID, claimedByBob.get("id").asText());
        assertEquals(BOB, claimedByBob.get("claimBy").asText());
        assertTrue(claimedByBob.get("releasedBy").isNull(), "who released it before is not bob's business");
        assertFalse(claimedByBob.toString().contains(ALICE), "alice's identity appears nowhere in bob's view");
    }

    @Test
    void listing_isForLeads() {
        assertEquals(403, handle(as("http-api-list.json", ALICE)).getStatusCode());
        assertEquals(200, handle(as("http-api-list.json", DANA)).getStatusCode());
    }

    @Test
    void fiveClaimReleaseCycles_leaveOnePointer_andTheRecordClaimable() throws IOException {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, handle(as("http-api-claim.json", ALICE)).getStatusCode(), "cycle " + i);
            assertEquals(200, handle(as("http-api-release.json", ALICE)).getStatusCode(), "cycle " + i);
        }
        assertEquals(List.of(PAGE_ID), ports.visible("priority"), "one fresh pointer, never a growing receive count");
        assertEquals(5, ports.requeued);
        assertEquals(PAGE_ID, body(handle(as("http-api-claim.json", BOB))).get("id").asText());
    }

    @Test
    void aLead_adjudicatesARecordSomeoneElseHolds() throws IOException {
        assertEquals(200, handle(as("http-api-claim.json", ALICE)).getStatusCode());
        assertEquals(409, handle(as("http-api-verdict.json", BOB)).getStatusCode(), "a reviewer needs the claim");
        assertEquals(200, handle(as("http-api-verdict.json", DANA)).getStatusCode(), "a lead does not");
        Map<String, Object> item = ports.items.get(PAGE_ID);
        assertEquals("REVIEWED", item.get("status"));
        assertEquals(DANA, item.get("reviewedBy"));
        assertEquals(DANA, item.get("adjudicatedBy"));
        assertTrue(ports.deleted.contains(PAGE_RECEIPT), "alice's claimed message is gone");
        assertEquals(409, handle(as("http-api-verdict.json", ALICE)).getStatusCode(), "alice's claim is over");
    }

    /** The page-severity review as the gate would have written it: held, in the hold lane, on the hold queue. */
    private void heldByTheGate() {
        Map<String, Object> item = ports.items.get(PAGE_ID);
        item.put("lane", "hold");
        item.put("checkStatus", "held");
        item.put("holdPending", "held");
        item.put("holdUntil", "2026-08-19T05:50:00.000Z");
        item.put("holdOnTimeout", "block");
        item.put("holdFallback", "A colleague will follow up.");
        item.put("checkRequestHash", "sha256:abc");
        item.put("checkCaller", "arn:aws:iam::123456789012:user/app");
        ports.queues.get("priority").clear();
        ports.send("hold", PAGE_ID, PAGE_RECEIPT);
    }

    @Test
    void aHeldOutput_isClaimedFirst_andAnEditResolvesItsHold_inTheVerdictsWrite() throws IOException {
        heldByTheGate();
        ports.send("priority", "other", "other-receipt");
        JsonNode claimed = body(handle(as("http-api-claim.json", ALICE)));
        assertEquals(PAGE_ID, claimed.get("id").asText(), "the hold lane before the priority lane");
        assertEquals("hold", claimed.get("lane").asText());
        assertEquals("held", claimed.get("hold").get("status").asText());
        assertFalse(claimed.toString().contains("checkCaller") || claimed.toString().contains("sha256:abc"),
                "the check's bookkeeping stays inside");

        APIGatewayV2HTTPResponse r = handle("http-api-verdict-hold-edit.json");
        assertEquals(200, r.getStatusCode(), r.getBody());
        Map<String, Object> item = ports.items.get(PAGE_ID);
        assertEquals("edited", item.get("checkStatus"));
        assertEquals("2026-08-19T05:42:37.915Z", item.get("checkDecidedAt"));
        assertFalse(item.containsKey("holdPending"), "out of the index of open holds");
        @SuppressWarnings("unchecked")
        Map<String, Object> verdict = (Map<String, Object>) item.get("verdict");
        assertEquals("edit", verdict.get("decision"));
        assertEquals("off-policy", verdict.get("outcome"), "an edit implies off-policy: it becomes an eval case");
        assertTrue(((String) verdict.get("editedOutput")).startsWith("I can't share credentials here."));
        assertEquals(List.of(PAGE_RECEIPT), ports.deleted);
    }

    @Test
    void aVerdictWithoutDecision_onAHeldOutput_blocksItWhenOffPolicy_asAClientBeforeTheGateWouldMean()
            throws IOException {
        heldByTheGate();
        assertEquals(200, handle(as("http-api-claim.json", ALICE)).getStatusCode());
        assertEquals(200, handle("http-api-verdict.json").getStatusCode());
        assertEquals("blocked", ports.items.get(PAGE_ID).get("checkStatus"));
    }

    @Test
    void aDecision_onARecordThatHoldsNothing_isRefused_andOnAnExpiredHold_isAConflict() throws IOException {
        assertEquals(200, handle(as("http-api-claim.json", ALICE)).getStatusCode());
        APIGatewayV2HTTPResponse refused = handle("http-api-verdict-hold-edit.json");
        assertEquals(400, refused.getStatusCode());
        assertTrue(body(refused).get("message").asText().contains("holds no output"));
        assertEquals("IN_REVIEW", ports.items.get(PAGE_ID).get("status"));

        ports.items.get(PAGE_ID).put("checkStatus", "expired");
        assertEquals(409, handle("http-api-verdict-hold-edit.json").getStatusCode());
        assertEquals(200, handle("http-api-verdict.json").getStatusCode(),
                "the verdict without a decision is still recorded, for the eval set");
        assertEquals("expired", ports.items.get(PAGE_ID).get("checkStatus"));
    }

    @Test
    void queues_throughTheConsolesJwtApi_countWhatWaitsPerLane_forAnyReviewer_withoutIdsOrText() throws IOException {
        APIGatewayV2HTTPResponse response = handle("http-api-console-queues.json");

        assertEquals(200, response.getStatusCode());
        JsonNode overview = body(response);
        assertEquals(List.of(), com.networknt.schema.SchemaRegistry.withDefaultDialect(
                com.networknt.schema.SpecificationVersion.DRAFT_2020_12).getSchema(java.nio.file.Files.readString(
                java.nio.file.Path.of("../../contracts/queue-overview.v1.schema.json"))).validate(overview));
        Map<String, Integer> waiting = new TreeMap<>();
        overview.get("lanes").forEach(l -> waiting.put(l.get("lane").asText(), l.get("waiting").asInt()));
        assertEquals(Map.of("hold", 0, "priority", 1, "routine", 1), waiting);
        JsonNode priority = overview.get("lanes").get(1);
        assertEquals(ports.items.get(PAGE_ID).get("createdAt"), priority.get("oldestCreatedAt").asText());
        assertEquals(ports.items.get(PAGE_ID).get("dueAt"), priority.get("nextDueAt").asText());
        assertFalse(response.getBody().contains(PAGE_ID), "no ids in an overview");

        assertEquals(200, handle("http-api-claim.json").getStatusCode());
        JsonNode after = body(handle("http-api-console-queues.json"));
        assertEquals(0, after.get("lanes").get(1).get("waiting").asInt(), "a claimed record no longer waits");
    }

    @Test
    void theConsolePage_needsNoIdentity_andComesWithAStrictContentSecurityPolicy() {
        HttpReviewApiHandler console = new HttpReviewApiHandler(new ReviewWiring(new ReviewWorkflow(ports.inbox,
                ports.claims, ports.audit, Duration.ofSeconds(900), clock, PolicyLoader.defaultCategories()),
                new IncidentWorkflow(incidentStore, (run, id) -> Optional.empty(), clock), ACCESS, MAPPER),
                ConsoleAssets.of(Map.of(
                "CONSOLE_CLIENT_ID", "4o1ia9l0s6mpg2hb8t3fexample", "CONSOLE_AUTHORIZE_URL",
                "https://secondlook-x.auth.us-east-1.amazoncognito.com/oauth2/authorize", "CONSOLE_TOKEN_URL",
                "https://secondlook-x.auth.us-east-1.amazoncognito.com/oauth2/token"), List.of("commitment",
                "secret-leak"), PolicyLoader.defaultRuleDescriptions()));
        APIGatewayV2HTTPEvent pageEvent = EventLoader.loadApiGatewayHttpEvent("../../events/http-api-console-page.json");
        APIGatewayV2HTTPResponse page = console.handleRequest(pageEvent, null);

        assertEquals(200, page.getStatusCode());
        assertEquals("text/html; charset=utf-8", page.getHeaders().get("content-type"));
        String csp = page.getHeaders().get("content-security-policy");
        assertEquals("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' "
                + "https://secondlook-x.auth.us-east-1.amazoncognito.com; form-action 'none'; frame-ancestors 'none'; "
                + "base-uri 'none'", csp);
        assertTrue(page.getBody().contains("<script src=\"/console/app.js\" defer></script>"));
        assertFalse(page.getBody().contains("<script>") || page.getBody().contains("style=\""),
                "no inline script or style: the CSP would refuse them");
        assertTrue(page.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + console.handleRequest(asset("app.js"), null).getBody().length()
                + console.handleRequest(asset("app.css"), null).getBody().length() < 200_000, "first load < 200 KB");

        APIGatewayV2HTTPResponse script = console.handleRequest(asset("app.js"), null);
        assertEquals("text/javascript; charset=utf-8", script.getHeaders().get("content-type"));
        for (String htmlSink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "new Function", "DOMParser", "createContextualFragment")) {
            assertFalse(script.getBody().contains(htmlSink), "record text never goes through the HTML parser: "
                    + htmlSink);
        }
        JsonNode config = MAPPER.valueToTree(Map.of());
        try {
            config = MAPPER.readTree(console.handleRequest(asset("config.json"), null).getBody());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals("4o1ia9l0s6mpg2hb8t3fexample", config.get("clientId").asText());
        assertEquals("[\"commitment\",\"secret-leak\"]", config.get("categories").toString(),
                "the verdict form offers the policy's categories");
        assertTrue(config.get("rules").get("secret-cloud-keys").asText().startsWith("AWS access key ids"),
                "the rules' descriptions, shown beside their evidence: " + config.get("rules"));
        assertTrue(script.getBody().contains("mark.title = e.category + ': ' + ruleText(e.ruleId)"),
                "an evidence mark's hover/focus text names its rule's description");
        for (String other : List.of("index.html", "..", "ConsoleAssets.class", "app.js.map")) {
            assertEquals(404, console.handleRequest(asset(other), null).getStatusCode(), other);
        }
    }

    private static APIGatewayV2HTTPEvent asset(String name) {
        APIGatewayV2HTTPEvent e = EventLoader.loadApiGatewayHttpEvent("../../events/http-api-console-asset.json");
        e.setPathParameters(Map.of("asset", name));
        e.setRawPath("/console/" + name);
        return e;
    }
    /** An incident route as an IAM caller would send it (the list route's wire event, re-pointed). */
    private static APIGatewayV2HTTPEvent incident(String method, String path, String body, String userArn) {
        APIGatewayV2HTTPEvent e = as("http-api-list.json", userArn);
        e.setRawPath(path);
        e.setRouteKey(method + " " + path);
        e.getRequestContext().getHttp().setMethod(method);
        e.getRequestContext().getHttp().setPath(path);
        e.setQueryStringParameters(null);
        e.setBody(body);
        e.setIsBase64Encoded(false);
        return e;
    }

    @Test
    void incidents_leadsWorkThem_reviewersSeeTheirOwn_othersAreRefused() throws IOException {
        new OpenIncidents(incidentStore, p -> { }, IncidentPolicy.defaults(), clock).open(new DeliveredOutput(
                PAGE_ID, List.of("commitment"), ALICE, "billing.refund", "m", "pv", "priority", "s3://b/k#L1",
                null, "2026-08-19T05:00:00Z", "2026-08-19T05:10:00Z", "2026-08-19T05:20:00Z"));
        String id = "inc-" + PAGE_ID;

        assertEquals(403, handle(incident("GET", "/incidents", null, CAROL)).getStatusCode());
        JsonNode mine = body(handle(incident("GET", "/incidents", null, ALICE)));
        assertEquals("secondlook.incident-list/v1", mine.get("schema").asText());
        assertEquals(id, mine.get("items").get(0).get("incidentId").asText());
        assertEquals(0, body(handle(incident("GET", "/incidents", null, BOB))).get("items").size());
        assertEquals(404, handle(incident("GET", "/incidents/" + id, null, BOB)).getStatusCode());
        assertEquals(403, handle(incident("POST", "/incidents/" + id + "/ack", null, ALICE)).getStatusCode());

        JsonNode acked = body(handle(incident("POST", "/incidents/" + id + "/ack", null, DANA)));
        assertEquals("acknowledged", acked.get("state").asText());
        assertEquals(DANA, acked.get("owner").asText());
        APIGatewayV2HTTPResponse bad = handle(incident("POST", "/incidents/" + id + "/actions",
                "{\"actionId\":\"a1\",\"kind\":\"party\"}", DANA));
        assertEquals(400, bad.getStatusCode());
        JsonNode mitigated = body(handle(incident("POST", "/incidents/" + id + "/actions",
                "{\"actionId\":\"a1\",\"kind\":\"customer-contacted\",\"note\":\"called\"}", DANA)));
        assertEquals("mitigated", mitigated.get("state").asText());
        body(handle(incident("POST", "/incidents/" + id + "/actions", "{\"actionId\":\"a2\",\"kind\":\"fix\","
                + "\"fix\":{\"promptVersion\":\"v7\"}}", DANA)));
        APIGatewayV2HTTPResponse early = handle(incident("POST", "/incidents/" + id + "/resolve",
                "{\"runId\":\"run-1\"}", DANA));
        assertEquals(409, early.getStatusCode());
        assertEquals("incident-conflict", body(early).get("error").asText());
        reruns.put("run-1/" + PAGE_ID, new RerunResults.CaseResult("run-1", "m", "v7", PAGE_ID, "pass"));
        JsonNode resolved = body(handle(incident("POST", "/incidents/" + id + "/resolve", "{\"runId\":\"run-1\"}",
                DANA)));
        assertEquals("resolved", resolved.get("state").asText());
        assertEquals("fixed", resolved.get("resolution").get("kind").asText());

        JsonNode exposure = body(handle(incident("GET", "/incidents/exposure", null, DANA)));
        assertEquals(600, exposure.get("rows").get(0).get("toFirstLook").get("p50").asInt());
        assertEquals(403, handle(incident("GET", "/incidents/exposure", null, ALICE)).getStatusCode());
        assertEquals(404, handle(incident("POST", "/incidents/" + id + "/dance", "{}", DANA)).getStatusCode());
    }

    @Test
    void verdictCategories_mustBeThePolicys_andAnUnlabelledOffPolicyVerdictTakesTheRecordsOwn() throws IOException {
        assertEquals(200, handle(as("http-api-claim.json", ALICE)).getStatusCode());
        APIGatewayV2HTTPEvent unknown = as("http-api-verdict.json", ALICE);
        unknown.setBody("{\"outcome\":\"off-policy\",\"categories\":[\"off-policy\"]}");
        APIGatewayV2HTTPResponse refused = handle(unknown);
        assertEquals(400, refused.getStatusCode());
        assertTrue(body(refused).get("message").asText().contains("unknown category 'off-policy'"));
        assertTrue(body(refused).get("message").asText().contains("secret-leak"), "it lists what the policy has");

        APIGatewayV2HTTPEvent unlabelled = as("http-api-verdict.json", ALICE);
        unlabelled.setBody("{\"outcome\":\"off-policy\"}");
        assertEquals(200, handle(unlabelled).getStatusCode());
        @SuppressWarnings("unchecked")
        Map<String, Object> verdict = (Map<String, Object>) ports.items.get(PAGE_ID).get("verdict");
        assertEquals(List.of("secret-leak"), verdict.get("categories"), "the rules' category on the record");
    }

    /** A review route as an IAM caller sends it, {@code seconds} after the claim event's time. */
    private static APIGatewayV2HTTPEvent reviewRoute(String method, String path, String body, String userArn,
                                                     long seconds) {
        APIGatewayV2HTTPEvent e = incident(method, path, body, userArn);
        e.getRequestContext().setTimeEpoch(claimTime() + seconds * 1000);
        return e;
    }

    private static APIGatewayV2HTTPEvent later(String eventFile, String userArn, long seconds) {
        APIGatewayV2HTTPEvent e = as(eventFile, userArn);
        e.getRequestContext().setTimeEpoch(claimTime() + seconds * 1000);
        return e;
    }

    private static long claimTime() {
        return as("http-api-claim.json", ALICE).getRequestContext().getTimeEpoch();
    }

    @Test
    void theHolderExtendsTheLease_seesWhatTheyHold_andAmendsTheirVerdictWithinTheWindow() throws IOException {
        assertEquals(200, handle(as("http-api-claim.json", ALICE)).getStatusCode());
        JsonNode mine = body(handle(reviewRoute("GET", "/reviews/mine", null, ALICE, 1)));
        assertEquals(PAGE_ID, mine.get("items").get(0).get("id").asText());
        assertEquals(0, body(handle(reviewRoute("GET", "/reviews/mine", null, BOB, 1))).get("items").size());

        JsonNode extended = body(handle(reviewRoute("POST", "/reviews/" + PAGE_ID + "/extend", null, ALICE, 600)));
        assertEquals(Timestamps.format(Instant.ofEpochMilli(claimTime()).plusSeconds(1500)),
                extended.get("leaseExpiresAt").asText());
        assertEquals(409, handle(reviewRoute("POST", "/reviews/" + PAGE_ID + "/extend", null, BOB, 601))
                .getStatusCode());
        assertEquals(200, handle(later("http-api-verdict.json", ALICE, 1400)).getStatusCode(),
                "still hers after 1,400 s");

        String onPolicy = "{\"outcome\":\"on-policy\",\"note\":\"a test key, not a leak\"}";
        assertEquals(409, handle(reviewRoute("POST", "/reviews/" + PAGE_ID + "/amend", onPolicy, BOB, 1450))
                .getStatusCode(), "only the reviewer amends");
        assertEquals(200, handle(reviewRoute("POST", "/reviews/" + PAGE_ID + "/amend", onPolicy, ALICE, 1460))
                .getStatusCode());
        @SuppressWarnings("unchecked")
        Map<String, Object> verdict = (Map<String, Object>) ports.items.get(PAGE_ID).get("verdict");
        assertEquals("on-policy", verdict.get("outcome"));
        assertEquals(409, handle(reviewRoute("POST", "/reviews/" + PAGE_ID + "/amend", onPolicy, ALICE, 2100))
                .getStatusCode(), "the window is 10 minutes");
    }

    @Test
    void aLapsedClaim_cannotBeExtended() {
        assertEquals(200, handle(as("http-api-claim.json", ALICE)).getStatusCode());
        assertEquals(409, handle(reviewRoute("POST", "/reviews/" + PAGE_ID + "/extend", null, ALICE, 901))
                .getStatusCode());
    }

    @Test
    void aLeadClaimsARecordById_nobodyElseGetsIt_andItComesBackWhenTheLeaseLapses() throws IOException {
        assertEquals(403, handle(reviewRoute("POST", "/reviews/" + PAGE_ID + "/claim", null, ALICE, 1))
                .getStatusCode(), "reviewers take the next record");
        JsonNode claimed = body(handle(reviewRoute("POST", "/reviews/" + PAGE_ID + "/claim", null, DANA, 1)));
        assertEquals(PAGE_ID, claimed.get("id").asText());
        assertEquals(DANA, claimed.get("claimBy").asText());
        assertEquals(409, handle(reviewRoute("POST", "/reviews/" + PAGE_ID + "/claim", null, DANA, 2))
                .getStatusCode(), "it is held (by her)");

        // alice meets the record's pointer while dana holds it: she gets the next record instead
        JsonNode alices = body(handle(later("http-api-claim.json", ALICE, 3)));
        assertTrue(!PAGE_ID.equals(alices.path("id").asText()), "alice never gets dana's record");
        // dana walks away: when her lease lapses, the pointer sent with her claim brings the record back
        JsonNode bobs = body(handle(later("http-api-claim.json", BOB, 1000)));
        assertEquals(PAGE_ID, bobs.get("id").asText());
    }
}
