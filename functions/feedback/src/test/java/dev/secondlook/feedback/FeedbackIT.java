package dev.secondlook.feedback;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.Backoff;
import dev.secondlook.aws.dynamodb.DynamoDbIncidentStore;
import dev.secondlook.aws.dynamodb.DynamoDbReviewStore;
import dev.secondlook.aws.dynamodb.ReviewFixtures;
import dev.secondlook.local.DynamoDbStreamEventSource;
import dev.secondlook.local.LocalResources;
import dev.secondlook.local.LocalClients;
import dev.secondlook.core.incident.Incident;
import dev.secondlook.core.incident.IncidentSeverity;
import dev.secondlook.core.incident.IncidentState;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.redact.Redaction;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * FeedbackFunction on moto: verdicts written to the table become eval cases in the eval bucket, and incidents for
 * outputs a customer got, once.
 */
@ExtendWith(EmulatorExtension.class)
class FeedbackIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void offPolicyVerdict_becomesExactlyOneEvalCase_evenWhenTheStreamRecordIsDeliveredTwice(Emulator emulator)
            throws IOException {
        LocalClients clients = LocalClients.of(emulator);
        LocalResources res = LocalResources.provision(clients, emulator, "feedback-" + Long.toHexString(System.nanoTime()));
        new DynamoDbReviewStore(clients.dynamoDb(), res.reviewTable(), Backoff.standard()).putAll(List.of(
                ReviewFixtures.record("rev-off", Severity.PAGE, Instant.now(), Duration.ofHours(4)),
                ReviewFixtures.record("rev-on", Severity.SAMPLE, Instant.now(), Duration.ofHours(4))));
        verdict(clients, res, "rev-off", "off-policy", "I can't share credentials.");
        verdict(clients, res, "rev-on", "on-policy", null);

        String pager = res.subscribePager(clients, "pager-" + Long.toHexString(System.nanoTime()));
        DynamoDbStreamFeedbackHandler handler = new DynamoDbStreamFeedbackHandler(FeedbackWiring.create(
                new FeedbackConfig(emulator.region(), res.evalBucket(), "eval-cases/", Redaction.MASK_ALL,
                        res.incidentTable(), res.escalationTopicArn(), null),
                clients.factory(), Clock.systemUTC()));
        List<DynamodbEvent> delivered = new ArrayList<>();
        new DynamoDbStreamEventSource(clients.dynamoDbStreams(), res.streamArn(clients),
                emulator.region(), 100, true, 3, e -> {
                    delivered.add(e);
                    return handler.handleRequest(e, null);
                }, failed -> { }).pollOnce();
        delivered.forEach(e -> handler.handleRequest(e, null));

        List<S3Object> cases = clients.s3().listObjectsV2(b -> b.bucket(res.evalBucket()).prefix("eval-cases/"))
                .contents();
        assertEquals(1, cases.size());
        JsonNode c = MAPPER.readTree(clients.s3().getObjectAsBytes(b -> b.bucket(res.evalBucket())
                .key(cases.get(0).key())).asByteArray());
        assertEquals("secondlook.eval-case/v2", c.get("schema").asText());
        // the fixture's evidence masks the output's first four characters as a secret
        assertEquals("[masked secret-leak]l says " + ReviewFixtures.OUTPUT_MARKER, c.get("offPolicyOutput").asText());
        assertEquals("secret-leak", c.get("masking").get("maskedCategories").get(0).asText());
        assertEquals("rev-off", c.get("caseId").asText());
        assertEquals("I can't share credentials.", c.get("correctedResponse").asText());
        assertEquals("arn:aws:iam::123456789012:user/alice", c.get("provenance").get("reviewer").asText());
        assertEquals("s3://logs/AWSLogs/x.json.gz#L1", c.get("provenance").get("sourceUri").asText());
        assertEquals("sha256:test", c.get("provenance").get("policyVersion").asText());

        // the output came from a log, so a customer got it: one incident (sev1: a secret), paged once, linked
        assertEquals("inc-rev-off", c.get("incidentId").asText());
        Incident incident = new DynamoDbIncidentStore(clients.dynamoDb(), res.incidentTable()).get("inc-rev-off")
                .orElseThrow();
        assertEquals(IncidentSeverity.SEV1, incident.severity());
        assertEquals(IncidentState.OPEN, incident.state());
        assertEquals(1, clients.dynamoDb().scan(b -> b.tableName(res.incidentTable())).count());
        List<JsonNode> pages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (var m : clients.sqs().receiveMessage(b -> b.queueUrl(pager).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                pages.add(MAPPER.readTree(MAPPER.readTree(m.body()).get("Message").asText()));
            }
        }
        assertEquals(1, pages.size(), "one page however often the verdict arrives");
        assertEquals("incident-opened", pages.get(0).get("kind").asText());
        assertEquals("inc-rev-off", pages.get(0).get("incidentId").asText());
        assertFalse(pages.get(0).toString().contains(ReviewFixtures.OUTPUT_MARKER), "no model text in a page");
    }

    @Test
    void aVerdictAmendedToOnPolicy_takesItsEvalCaseBack(Emulator emulator) {
        LocalClients clients = LocalClients.of(emulator);
        LocalResources res = LocalResources.provision(clients, emulator, "feedback-amend");
        new DynamoDbReviewStore(clients.dynamoDb(), res.reviewTable(), Backoff.standard()).putAll(List.of(
                ReviewFixtures.record("rev-amended", Severity.REVIEW, Instant.now(), Duration.ofHours(4))));
        DynamoDbStreamFeedbackHandler handler = new DynamoDbStreamFeedbackHandler(FeedbackWiring.create(
                new FeedbackConfig(emulator.region(), res.evalBucket(), "eval-cases/", Redaction.MASK_ALL,
                        res.incidentTable(), res.escalationTopicArn(), null),
                clients.factory(), Clock.systemUTC()));
        DynamoDbStreamEventSource stream = new DynamoDbStreamEventSource(clients.dynamoDbStreams(),
                res.streamArn(clients), emulator.region(), 100, true, 3, e -> handler.handleRequest(e, null),
                failed -> { });
        verdict(clients, res, "rev-amended", "off-policy", null);
        stream.pollOnce();
        assertEquals(1, clients.s3().listObjectsV2(b -> b.bucket(res.evalBucket()).prefix("eval-cases/"))
                .contents().size());
        verdict(clients, res, "rev-amended", "on-policy", null);
        stream.pollOnce();
        assertEquals(0, clients.s3().listObjectsV2(b -> b.bucket(res.evalBucket()).prefix("eval-cases/"))
                .contents().size(), "the amended verdict took its case back");
    }

    private static void verdict(LocalClients clients, LocalResources res, String id, String outcome, String fix) {
        Map<String, AttributeValue> v = new java.util.HashMap<>(Map.of("outcome", AttributeValue.fromS(outcome),
                "categories", AttributeValue.fromL(List.of(AttributeValue.fromS("secret-leak"))),
                "severity", AttributeValue.fromS("page")));
        if (fix != null) {
            v.put("correctedResponse", AttributeValue.fromS(fix));
        }
        clients.dynamoDb().updateItem(b -> b.tableName(res.reviewTable()).key(Map.of("id", AttributeValue.fromS(id)))
                .updateExpression("SET #s = :s, verdict = :v, reviewedBy = :who, reviewedAt = :at")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("REVIEWED"), ":v",
                        AttributeValue.fromM(v), ":who", AttributeValue.fromS("arn:aws:iam::123456789012:user/alice"),
                        ":at", AttributeValue.fromS("2026-08-19T07:00:00.000Z"))));
    }
}
