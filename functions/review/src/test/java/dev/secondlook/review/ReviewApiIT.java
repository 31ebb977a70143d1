package dev.secondlook.review;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.aws.Backoff;
import dev.secondlook.aws.dynamodb.DynamoDbReviewStore;
import dev.secondlook.aws.dynamodb.ReviewFixtures;
import dev.secondlook.aws.sqs.SqsReviewQueue;
import dev.secondlook.local.LocalResources;
import dev.secondlook.local.LocalClients;
import dev.secondlook.core.model.ReviewRecord;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.route.QueueMessage;
import dev.secondlook.core.route.ReviewSummary;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reviewer API's handler against moto, with the identity API Gateway's IAM authoriser would put in the
 * request context.
 */
@ExtendWith(EmulatorExtension.class)
class ReviewApiIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    private static final String BOB = "arn:aws:iam::123456789012:user/bob";
    private static final String DANA = "arn:aws:iam::123456789012:user/dana";

    private static com.networknt.schema.Schema contract(String name) throws IOException {
        return com.networknt.schema.SchemaRegistry.withDefaultDialect(
                com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
                .getSchema(java.nio.file.Files.readString(java.nio.file.Path.of("../../contracts/" + name
                        + ".schema.json")));
    }

    private record Stack(LocalClients clients, LocalResources res, HttpReviewApiHandler handler) {
    }

    private static Stack stack(Emulator emulator, String name, Duration lease, List<ReviewRecord> records) {
        return stack(emulator, name, lease, records, null);
    }

    /** @param policy a rules file for the review function to read (pinned by its hash), or null for the default */
    private static Stack stack(Emulator emulator, String name, Duration lease, List<ReviewRecord> records,
                               byte[] policy) {
        LocalClients clients = LocalClients.of(emulator);
        LocalResources res = LocalResources.provision(clients, emulator, name);
        dev.secondlook.aws.s3.PinnedS3Object pinned = null;
        if (policy != null) {
            clients.s3().putObject(b -> b.bucket(res.evalBucket()).key("policy/rules.yaml"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(policy));
            pinned = new dev.secondlook.aws.s3.PinnedS3Object(res.evalBucket(), "policy/rules.yaml", null,
                    java.util.HexFormat.of().formatHex(sha256(policy)));
        }
        new DynamoDbReviewStore(clients.dynamoDb(), res.reviewTable(), Backoff.standard()).putAll(records);
        List<QueueMessage> messages = new ArrayList<>();
        for (ReviewRecord r : records) {
            messages.add(QueueMessage.of(new ReviewSummary(r.id(), r.lane(), r.severity(),
                    r.categories(), r.route(), r.modelId(), r.policyVersion(), r.createdAt(), r.dueAt())));
        }
        new SqsReviewQueue(clients.sqs(), res.holdQueueUrl(), res.priorityQueueUrl(), res.routineQueueUrl(), MAPPER,
                Backoff.standard()).sendAll(messages);
        HttpReviewApiHandler handler = new HttpReviewApiHandler(ReviewWiring.create(new ReviewConfig(
                emulator.region(), res.reviewTable(), res.holdQueueUrl(), res.priorityQueueUrl(),
                res.routineQueueUrl(), lease,
                Duration.ofDays(180),
                new ReviewerAccess(List.of(ALICE, BOB), List.of(DANA), "reviewers", "leads", "cognito:groups"),
                new ReviewConfig.Incidents(res.incidentTable(), res.evalBucket(), "eval-runs/",
                        Duration.ofDays(2557)), pinned,
                Duration.ofMinutes(10)),
                clients.factory(),
                Clock.systemUTC()));
        return new Stack(clients, res, handler);
    }

    private static APIGatewayV2HTTPResponse call(Stack s, String who, String method, String path, String body) {
        APIGatewayV2HTTPEvent.RequestContext ctx = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        ctx.setHttp(http);
        if (who != null) {
            APIGatewayV2HTTPEvent.RequestContext.IAM iam = new APIGatewayV2HTTPEvent.RequestContext.IAM();
            iam.setUserArn(who);
            APIGatewayV2HTTPEvent.RequestContext.Authorizer auth = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
            auth.setIam(iam);
            ctx.setAuthorizer(auth);
        }
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setRawPath(path);
        e.setRequestContext(ctx);
        e.setBody(body);
        if (path.contains("?")) {
            e.setRawPath(path.substring(0, path.indexOf('?')));
            Map<String, String> q = new java.util.HashMap<>();
            for (String kv : path.substring(path.indexOf('?') + 1).split("&")) {
                q.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            e.setQueryStringParameters(q);
        }
        return s.handler().handleRequest(e, null);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(APIGatewayV2HTTPResponse r) throws IOException {
        return MAPPER.readTree(r.getBody());
    }

    private static List<ReviewRecord> records(int n, Severity severity) {
        List<ReviewRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(ReviewFixtures.record("rev-" + severity.wireName() + "-" + i, severity, Instant.now(),
                    Duration.ofHours(4)));
        }
        return out;
    }

    @Test
    void twoReviewersClaimingAtOnce_neverGetTheSameRecord(Emulator emulator) throws Exception {
        Stack s = stack(emulator, "review-race", Duration.ofMinutes(15), records(6, Severity.REVIEW));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Callable<List<String>>> reviewers = new ArrayList<>();
        for (String who : List.of(ALICE, BOB)) {
            reviewers.add(() -> {
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    APIGatewayV2HTTPResponse r = call(s, who, "POST", "/reviews/claim", null);
                    if (r.getStatusCode() == 200) {
                        got.add(json(r).get("id").asText());
                    }
                }
                return got;
            });
        }
        List<String> all = new ArrayList<>();
        for (Future<List<String>> f : pool.invokeAll(reviewers)) {
            all.addAll(f.get());
        }
        pool.shutdown();
        assertEquals(6, all.size(), "every record claimed once: " + all);
        assertEquals(6, new HashSet<>(all).size(), "no record claimed twice: " + all);
        assertEquals(204, call(s, ALICE, "POST", "/reviews/claim", null).getStatusCode());
    }

    @Test
    void priorityFirst_claimShowsText_verdictOnlyFromTheHolder_thenReviewed(Emulator emulator) throws Exception {
        List<ReviewRecord> recs = new ArrayList<>(records(1, Severity.SAMPLE));
        recs.addAll(records(1, Severity.PAGE));
        Stack s = stack(emulator, "review-verdict", Duration.ofMinutes(15), recs);
        APIGatewayV2HTTPResponse[] claimed0 = new APIGatewayV2HTTPResponse[1];
        String logs = dev.secondlook.emulator.LogCapture.capture(() -> claimed0[0] = call(s, ALICE, "POST",
                "/reviews/claim", null));
        assertTrue(logs.contains("request"), logs);
        assertTrue(logs.contains("\"message\":\"text-shown\"") && logs.contains("\"reviewId\":\"rev-page-0\""),
                "the hand-out of text is in the audit trail: " + logs);
        assertTrue(!logs.contains(ReviewFixtures.OUTPUT_MARKER) && !logs.contains(ReviewFixtures.PROMPT_MARKER),
                "the response carries the text, the logs do not");
        APIGatewayV2HTTPResponse claim = claimed0[0];
        assertEquals(200, claim.getStatusCode());
        JsonNode claimed = json(claim);
        assertEquals("rev-page-0", claimed.get("id").asText(), "the priority lane first");
        assertEquals("IN_REVIEW", claimed.get("status").asText());
        assertEquals(ALICE, claimed.get("claimBy").asText());
        assertTrue(claimed.get("output").asText().contains(ReviewFixtures.OUTPUT_MARKER));
        assertEquals(List.of(), contract("review-view.v3").validate(claimed), "the claim answers the versioned view");

        String verdict = "{\"outcome\":\"off-policy\",\"categories\":[\"secret-leak\"],\"severity\":\"page\","
                + "\"note\":\"leaked a key\",\"correctedResponse\":\"I can't share credentials.\","
                + "\"reviewer\":\"" + BOB + "\"}";
        APIGatewayV2HTTPResponse byBob = call(s, BOB, "POST", "/reviews/rev-page-0/verdict", verdict);
        assertEquals(409, byBob.getStatusCode(), "a reviewer field in the body does not make Bob the holder");
        assertEquals(401, call(s, null, "POST", "/reviews/rev-page-0/verdict", verdict).getStatusCode());
        assertEquals(400, call(s, ALICE, "POST", "/reviews/rev-page-0/verdict", "{\"outcome\":\"maybe\"}")
                .getStatusCode());
        assertEquals(200, call(s, ALICE, "POST", "/reviews/rev-page-0/verdict", verdict).getStatusCode());

        assertEquals(403, call(s, BOB, "GET", "/reviews/rev-page-0", null).getStatusCode(),
                "bob neither held nor judged it");
        JsonNode shown = json(call(s, ALICE, "GET", "/reviews/rev-page-0", null));
        assertEquals("REVIEWED", shown.get("status").asText());
        assertEquals(ALICE, shown.get("reviewedBy").asText());
        assertEquals("off-policy", shown.get("verdict").get("outcome").asText());
        // the same verdict again (a client retrying after a lost answer) is accepted and changes nothing;
        // a different one is a conflict
        assertEquals(200, call(s, ALICE, "POST", "/reviews/rev-page-0/verdict", verdict).getStatusCode());
        assertEquals(409, call(s, ALICE, "POST", "/reviews/rev-page-0/verdict", verdict.replace("leaked a key",
                "second thoughts")).getStatusCode());
        assertEquals("leaked a key", json(call(s, DANA, "GET", "/reviews/rev-page-0", null)).get("verdict")
                .get("note").asText());

        JsonNode next = json(call(s, BOB, "POST", "/reviews/claim", null));
        assertEquals("rev-sample-0", next.get("id").asText(), "then the routine lane; the reviewed one is gone");
        assertEquals(204, call(s, ALICE, "POST", "/reviews/claim", null).getStatusCode());
    }

    @Test
    void abandonedClaim_comesBackAfterItsLease_andReleaseReturnsItAtOnce(Emulator emulator) throws Exception {
        Stack s = stack(emulator, "review-lease", Duration.ofSeconds(2), records(1, Severity.REVIEW));
        assertEquals("rev-review-0", json(call(s, ALICE, "POST", "/reviews/claim", null)).get("id").asText());
        assertEquals(204, call(s, BOB, "POST", "/reviews/claim", null).getStatusCode(), "held while leased");
        Thread.sleep(3500);
        JsonNode taken = json(call(s, BOB, "POST", "/reviews/claim", null));
        assertEquals("rev-review-0", taken.get("id").asText(), "the lapsed claim came back");
        assertEquals(BOB, taken.get("claimBy").asText());
        assertEquals(409, call(s, ALICE, "POST", "/reviews/rev-review-0/verdict",
                "{\"outcome\":\"on-policy\"}").getStatusCode(), "Alice's lapsed claim no longer counts");
        assertEquals(200, call(s, BOB, "POST", "/reviews/rev-review-0/release", null).getStatusCode());
        assertEquals(200, call(s, BOB, "POST", "/reviews/rev-review-0/release", null).getStatusCode(),
                "the same release again (a retry after a lost answer) changes nothing");
        assertEquals(409, call(s, ALICE, "POST", "/reviews/rev-review-0/release", null).getStatusCode(),
                "Alice never released it");
        assertEquals("rev-review-0", json(call(s, ALICE, "POST", "/reviews/claim", null)).get("id").asText());
        assertEquals(409, call(s, BOB, "POST", "/reviews/rev-review-0/release", null).getStatusCode(),
                "claimed again since: Bob's old release no longer counts");
    }

    @Test
    void extendedLease_keepsTheClaimAndTheQueueMessage_pastTheFirstLease(Emulator emulator) throws Exception {
        Stack s = stack(emulator, "review-extend", Duration.ofSeconds(4), records(1, Severity.REVIEW));
        long start = System.nanoTime();
        assertEquals("rev-review-0", json(call(s, ALICE, "POST", "/reviews/claim", null)).get("id").asText());
        Thread.sleep(2500);
        assertEquals(409, call(s, BOB, "POST", "/reviews/rev-review-0/extend", null).getStatusCode(),
                "only the holder extends");
        APIGatewayV2HTTPResponse extended = call(s, ALICE, "POST", "/reviews/rev-review-0/extend", null);
        assertEquals(200, extended.getStatusCode(), extended.getBody());
        assertEquals(json(extended).get("leaseExpiresAt").asText(), s.clients().dynamoDb().getItem(b -> b
                .tableName(s.res().reviewTable()).key(Map.of("id", software.amazon.awssdk.services.dynamodb.model
                        .AttributeValue.fromS("rev-review-0")))).item().get("leaseExpiresAt").s());
        Thread.sleep(Math.max(0, 5_000 - (System.nanoTime() - start) / 1_000_000));
        assertEquals(204, call(s, BOB, "POST", "/reviews/claim", null).getStatusCode(),
                "past the first lease, the message is still invisible and the claim still alice's");
        assertEquals(200, call(s, ALICE, "POST", "/reviews/rev-review-0/verdict", "{\"outcome\":\"on-policy\"}")
                .getStatusCode(), "her claim still counts");
    }

    @Test
    void listing_filtersByStatusLaneAndCategory_andPaginates(Emulator emulator) throws Exception {
        List<ReviewRecord> recs = new ArrayList<>(records(3, Severity.REVIEW));
        recs.addAll(records(2, Severity.SAMPLE));
        Stack s = stack(emulator, "review-list", Duration.ofMinutes(15), recs);
        JsonNode page = json(call(s, DANA, "GET", "/reviews?status=PENDING&lane=priority&limit=2", null));
        Set<String> ids = new HashSet<>();
        page.get("items").forEach(i -> ids.add(i.get("id").asText()));
        String next = page.get("next").asText(null);
        while (next != null) {
            JsonNode more = json(call(s, DANA, "GET", "/reviews?status=PENDING&lane=priority&limit=2&next=" + next,
                    null));
            more.get("items").forEach(i -> ids.add(i.get("id").asText()));
            next = more.get("next").isNull() ? null : more.get("next").asText();
        }
        assertEquals(Set.of("rev-review-0", "rev-review-1", "rev-review-2"), ids);
        JsonNode byCategory = json(call(s, DANA, "GET", "/reviews?category=secret-leak&limit=50", null));
        assertEquals(3, byCategory.get("items").size());
        assertTrue(byCategory.get("items").get(0).get("output") == null, "listings carry labels, not text");
        assertEquals(List.of(), contract("review-list.v2").validate(byCategory));
        assertEquals(400, call(s, DANA, "GET", "/reviews?status=DONE", null).getStatusCode());
        assertEquals(403, call(s, ALICE, "GET", "/reviews?status=PENDING", null).getStatusCode(), "leads list");
        assertEquals(404, call(s, DANA, "GET", "/reviews/nope", null).getStatusCode());
    }

    @Test
    void onDynamoDb_aHolderExtends_listsWhatTheyHold_amendsWithinTheWindow_andALapsedClaimSaysSo(Emulator emulator)
            throws Exception {
        Stack s = stack(emulator, "review-extend", Duration.ofSeconds(3), records(2, Severity.REVIEW));
        String id = json(call(s, ALICE, "POST", "/reviews/claim", null)).get("id").asText();
        JsonNode mine = json(call(s, ALICE, "GET", "/reviews/mine", null));
        assertEquals(1, mine.get("items").size());
        assertEquals(id, mine.get("items").get(0).get("id").asText());
        assertEquals(0, json(call(s, BOB, "GET", "/reviews/mine", null)).get("items").size());

        for (int i = 0; i < 3; i++) {
            Thread.sleep(1_500);
            assertEquals(200, call(s, ALICE, "POST", "/reviews/" + id + "/extend", null).getStatusCode(), "extend " + i);
        }
        // 4.5 s after the claim with a 3 s lease: still hers, and the queue kept its message hidden for her
        APIGatewayV2HTTPResponse bobs = call(s, BOB, "POST", "/reviews/claim", null);
        if (bobs.getStatusCode() == 200) {
            assertTrue(!json(bobs).get("id").asText().equals(id), "bob never gets alice's extended record");
            call(s, BOB, "POST", "/reviews/" + json(bobs).get("id").asText() + "/release", null);
        }
        String verdict = "{\"outcome\":\"off-policy\",\"categories\":[\"secret-leak\"]}";
        assertEquals(200, call(s, ALICE, "POST", "/reviews/" + id + "/verdict", verdict).getStatusCode());
        assertEquals(200, call(s, ALICE, "POST", "/reviews/" + id + "/amend",
                "{\"outcome\":\"on-policy\"}").getStatusCode());
        assertEquals("on-policy", json(call(s, DANA, "GET", "/reviews/" + id, null)).get("verdict").get("outcome")
                .asText());
        assertEquals(409, call(s, BOB, "POST", "/reviews/" + id + "/amend", "{\"outcome\":\"on-policy\"}")
                .getStatusCode());

        String other = json(call(s, ALICE, "POST", "/reviews/claim", null)).get("id").asText();
        Thread.sleep(3_500);
        APIGatewayV2HTTPResponse lapsed = call(s, ALICE, "POST", "/reviews/" + other + "/verdict", verdict);
        assertEquals(409, lapsed.getStatusCode());
        assertTrue(json(lapsed).get("message").asText().contains("lapsed at"), lapsed.getBody());
    }

    @Test
    void onSqs_aLeadsClaimById_keepsTheRecordFromOthers_andItComesBackAfterTheLease(Emulator emulator)
            throws Exception {
        Stack s = stack(emulator, "review-byid", Duration.ofSeconds(3), records(1, Severity.REVIEW));
        String id = "rev-review-0";
        assertEquals(403, call(s, ALICE, "POST", "/reviews/" + id + "/claim", null).getStatusCode());
        assertEquals(200, call(s, DANA, "POST", "/reviews/" + id + "/claim", null).getStatusCode());
        // alice meets the pointer while dana holds the record: she gets nothing (and the pointer is dropped)
        assertEquals(204, call(s, ALICE, "POST", "/reviews/claim", null).getStatusCode());
        Thread.sleep(4_000);
        // the pointer sent with dana's claim appears when her lease lapses: the record is not stranded
        APIGatewayV2HTTPResponse back = call(s, BOB, "POST", "/reviews/claim", null);
        assertEquals(200, back.getStatusCode());
        assertEquals(id, json(back).get("id").asText());
    }

    @Test
    void onDynamoDb_doubleReview_secondReviewerBlind_firstCannotTakeIt_disagreementAdjudicated_agreementScored(
            Emulator emulator) throws Exception {
        byte[] policy = (new String(dev.secondlook.core.policy.PolicyLoader.defaultFile(),
                java.nio.charset.StandardCharsets.UTF_8) + "\ndoubleReview: 1.0\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Stack s = stack(emulator, "review-double", Duration.ofMinutes(15), records(1, Severity.REVIEW), policy);
        String off = "{\"outcome\":\"off-policy\",\"categories\":[\"commitment\"],\"note\":\"promised a refund\"}";
        String on = "{\"outcome\":\"on-policy\"}";

        String id = json(call(s, ALICE, "POST", "/reviews/claim", null)).get("id").asText();
        APIGatewayV2HTTPResponse first = call(s, ALICE, "POST", "/reviews/" + id + "/verdict", off);
        assertEquals(200, first.getStatusCode(), first.getBody());
        assertEquals("PENDING", json(first).get("status").asText(), "back on the queue for a second reviewer");
        assertEquals("PENDING", json(call(s, ALICE, "POST", "/reviews/" + id + "/verdict", off)).get("status")
                .asText(), "a retry of the first review is done already");

        JsonNode forBob = json(call(s, BOB, "POST", "/reviews/claim", null));
        assertEquals(id, forBob.get("id").asText());
        assertEquals(0, forBob.get("independentReviews").size(), "bob does not see alice's verdict");
        assertTrue(forBob.get("verdict").isNull());
        assertTrue(!forBob.toString().contains("promised a refund") && !forBob.toString().contains("alice"),
                forBob.toString());
        assertEquals(List.of(), contract("review-view.v3").validate(forBob));
        assertEquals(204, call(s, ALICE, "POST", "/reviews/claim", null).getStatusCode(),
                "nothing for alice: she gave this record's first review");

        APIGatewayV2HTTPResponse second = call(s, BOB, "POST", "/reviews/" + id + "/verdict", on);
        assertEquals("DISPUTED", json(second).get("status").asText(), second.getBody());
        JsonNode disputed = json(call(s, DANA, "GET", "/reviews?status=DISPUTED", null));
        assertEquals(id, disputed.get("items").get(0).get("id").asText());
        JsonNode forDana = json(call(s, DANA, "GET", "/reviews/" + id, null));
        assertEquals(2, forDana.get("independentReviews").size(), "a lead sees both reviews");
        assertEquals(ALICE, forDana.get("independentReviews").get(0).get("reviewedBy").asText());
        assertEquals(List.of(), contract("review-view.v3").validate(forDana));
        assertEquals(409, call(s, ALICE, "POST", "/reviews/" + id + "/verdict", on).getStatusCode(),
                "a reviewer does not settle a dispute");

        assertEquals("REVIEWED", json(call(s, DANA, "POST", "/reviews/" + id + "/verdict", off)).get("status")
                .asText());
        List<dev.secondlook.core.scorecard.ScoredRecord> scored = new dev.secondlook.aws.dynamodb
                .DynamoDbScorecardSource(s.clients().dynamoDb(), s.res().reviewTable())
                .records(Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1)));
        assertEquals(1, scored.size());
        assertEquals(List.of("off-policy", "on-policy"), scored.get(0).independentReviews().stream()
                .map(dev.secondlook.core.scorecard.ScoredRecord.Review::outcome).toList(),
                "the scorecard reads both reviews (labels only) for the agreement figures");
        assertEquals(List.of("commitment"), scored.get(0).independentReviews().get(0).categories());
        assertEquals("off-policy", scored.get(0).outcome(), "the lead's verdict is the record's");
    }
}
