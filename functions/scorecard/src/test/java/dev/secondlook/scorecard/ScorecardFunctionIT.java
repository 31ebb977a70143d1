package dev.secondlook.scorecard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.Backoff;
import dev.secondlook.aws.dynamodb.DynamoDbObjectManifestStore;
import dev.secondlook.aws.dynamodb.DynamoDbReviewStore;
import dev.secondlook.aws.dynamodb.ReviewFixtures;
import dev.secondlook.aws.dynamodb.ReviewTableSchema;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.PopulationCell;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.model.Timestamps;
import dev.secondlook.core.review.Verdict;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import dev.secondlook.local.LocalClients;
import dev.secondlook.local.LocalResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ScorecardFunction on moto: the report in the eval bucket, and a breached target paged once per window on a queue
 * subscribed to the escalation topic, with counts and no customer text.
 */
@ExtendWith(EmulatorExtension.class)
class ScorecardFunctionIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void runsOverAWindow_storeTheReport_andPageABreachOnce(Emulator emulator) throws Exception {
        LocalClients clients = LocalClients.of(emulator);
        String name = "scorecard-" + Long.toHexString(System.nanoTime());
        LocalResources res = LocalResources.provision(clients, emulator, name);
        String pager = res.subscribePager(clients, name + "-pager");
        Instant now = Instant.now();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));

        // 200 judged: 20 flagged (all selected and reviewed, 15 off-policy in secret-leak), 180 sampled at 5 %
        ObjectRef object = new ObjectRef("logs", "AWSLogs/scorecard-it.jsonl", null, "etag", 10);
        DynamoDbObjectManifestStore manifests = new DynamoDbObjectManifestStore(clients.dynamoDb(), res.reviewTable());
        manifests.begin(object, hour, Duration.ofMinutes(5));
        manifests.complete(new ObjectManifest(object, ObjectManifest.COMPLETE, null, 200, 29, 171, Map.of(), Map.of(),
                "sha256:test", null, hour.plusSeconds(5), List.of(
                        new PopulationCell(hour, "meta.llama3-8b-instruct-v1:0", "devops.helper", true, 1.0, 20, 20),
                        new PopulationCell(hour, "meta.llama3-8b-instruct-v1:0", "devops.helper", false, 0.05, 180,
                                9))));
        DynamoDbReviewStore reviews = new DynamoDbReviewStore(clients.dynamoDb(), res.reviewTable(), Backoff.standard());
        for (int i = 0; i < 20; i++) {
            reviews.putAll(List.of(ReviewFixtures.record("f-" + i, Severity.PAGE, hour, Duration.ofHours(4))));
            verdict(clients, res, "f-" + i, i < 15 ? "off-policy" : "on-policy", hour);
        }
        for (int i = 0; i < 9; i++) {
            reviews.putAll(List.of(ReviewFixtures.record("s-" + i, Severity.SAMPLE, hour, Duration.ofHours(24))));
            verdict(clients, res, "s-" + i, "on-policy", hour);
        }

        List<String> metrics = new ArrayList<>();
        ScorecardConfig config = new ScorecardConfig(emulator.region(), res.reviewTable(), res.evalBucket(),
                "scorecards/", res.escalationTopicArn(), Duration.ofHours(24), null);
        ScheduledScorecardHandler handler = new ScheduledScorecardHandler(ScorecardWiring.create(config,
                clients.factory(), (category, rate, lower, upper, reviewed, population) -> metrics.add(category),
                Clock.fixed(now, ZoneOffset.UTC), Map.of("secret-leak", 0.01)));
        Map<String, Object> first = handler.handleRequest(null, null);
        Map<String, Object> second = handler.handleRequest(null, null);
        assertEquals(1, first.get("paged"));
        assertEquals(1, second.get("breaches"));
        assertEquals(0, second.get("paged"), "once per window");
        assertEquals(200L, first.get("judged"));
        assertTrue(metrics.contains("any") && metrics.contains("secret-leak"), metrics.toString());

        List<S3Object> objects = clients.s3().listObjectsV2(b -> b.bucket(res.evalBucket()).prefix("scorecards/"))
                .contents();
        assertTrue(objects.stream().anyMatch(o -> o.key().equals("scorecards/latest.html")), objects.toString());
        JsonNode report = MAPPER.readTree(clients.s3().getObjectAsBytes(b -> b.bucket(res.evalBucket())
                .key("scorecards/latest.json")).asByteArray());
        assertEquals("secondlook.scorecard/v1", report.get("schema").asText());
        assertEquals(200, report.get("estimates").get(0).get("population").asLong());
        assertEquals(first.get("report"), "s3://" + res.evalBucket() + "/" + objects.stream().map(S3Object::key)
                .filter(k -> k.endsWith(".json") && !k.endsWith("latest.json")).findFirst().orElseThrow());

        List<Message> pages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pages.addAll(clients.sqs().receiveMessage(b -> b.queueUrl(pager).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages());
        }
        assertEquals(1, pages.size());
        JsonNode envelope = MAPPER.readTree(pages.get(0).body());
        JsonNode page = MAPPER.readTree(envelope.get("Message").asText());
        assertEquals("secondlook.rate-breach/v1", page.get("schema").asText());
        assertEquals("secret-leak", page.get("category").asText());
        assertTrue(page.get("lower").asDouble() > 0.01);
        assertEquals("rate-breach", envelope.get("MessageAttributes").get("kind").get("Value").asText());
        assertFalse(pages.get(0).body().contains(ReviewFixtures.OUTPUT_MARKER), "no customer text in a page");
        assertFalse(pages.get(0).body().contains(ReviewFixtures.PROMPT_MARKER), "no customer text in a page");
    }

    private static void verdict(LocalClients clients, LocalResources res, String id, String outcome, Instant at) {
        clients.dynamoDb().updateItem(b -> b.tableName(res.reviewTable()).key(ReviewTableSchema.key(id))
                .updateExpression("SET #s = :s, #v = :v, #by = :by, #at = :at")
                .expressionAttributeNames(Map.of("#s", ReviewTableSchema.STATUS, "#v", ReviewTableSchema.VERDICT,
                        "#by", ReviewTableSchema.REVIEWED_BY, "#at", ReviewTableSchema.REVIEWED_AT))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("REVIEWED"),
                        ":v", ReviewTableSchema.verdictValue(new Verdict(outcome,
                                outcome.equals("off-policy") ? List.of("secret-leak") : List.of(), "page", null, null)),
                        ":by", AttributeValue.fromS("alice"),
                        ":at", AttributeValue.fromS(Timestamps.format(at.plusSeconds(60))))));
    }
}
