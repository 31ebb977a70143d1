package dev.secondlook.cli;

import dev.secondlook.local.LocalRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.emulator.FaultProxy;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline of template.yaml - ingest, route, review API, feedback - played by the local runtime under
 * at-least-once delivery and injected faults, compared with a clean run: the same review records, the same
 * queue messages by review id, the same escalations by escalation id, the same eval cases. Nothing lost, nothing
 * duplicated.
 *
 * <p>Each scenario uploads the sample logs (every format, each under two names), lets ingest and route settle,
 * takes the first snapshot, has a reviewer claim every record through the SigV4-checked HTTP API and give a
 * verdict that depends only on the record, lets feedback settle, and takes the second snapshot. The reviewer
 * retries 5xx answers as any HTTP client would. Time is compressed in two places only: the ingest queue's
 * visibility timeout is 2 s instead of 30 min (so a failed message comes back within the test), and the review
 * lease is the template's minimum, 60 s.
 */
@ExtendWith(EmulatorExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineReliabilityIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] LOGS = {"bedrock-invocations.json.gz", "otel-genai-spans.jsonl",
            "openai-chat.jsonl", "generic-secondlook-v1.jsonl", "openai-batch-output.jsonl"};
    /** Attributes that differ between any two runs: times, receipts, owners, retry counters. */
    private static final Set<String> VOLATILE = Set.of("claimReceipt", "claimCount", "leaseOwner", "leaseUntil",
            "raisedAt", "open");
    /** Records in the generated bulk log: enough for many batches of every kind. */
    private static final int BULK_RECORDS = 120;
    private static Snapshot baseline;

    /** What a run left behind, with stack-specific names and times taken out. */
    record Snapshot(Map<String, String> records, Map<String, Integer> queueMessages,
                    Map<String, String> escalations, Map<String, Integer> escalationCopies,
                    Map<String, String> reviewed, Map<String, String> evalCases) {
    }

    /** One way of playing the pipeline. */
    record Scenario(String name, double faultShare, List<String> faults, int maxDeliveries, long seed) {
    }

    @Test
    @Order(1)
    void baseline_exactlyOnce_noFaults(Emulator emulator) throws Exception {
        baseline = run(emulator, new Scenario("baseline", 0, List.of(), 1, 1)).snapshot;
        assertTrue(baseline.records().size() > BULK_RECORDS / 2,
                "the logs produce records: " + baseline.records().size());
        assertTrue(baseline.escalations().size() > 0, "some records page");
        assertTrue(baseline.evalCases().size() > 0, "some verdicts are off-policy");
    }

    @Test
    @Order(2)
    void everyBatchDeliveredOneToThreeTimes_endsTheSame(Emulator emulator) throws Exception {
        check(run(emulator, new Scenario("redelivery 1-3x", 0, List.of(), 3, 7)));
    }

    @Test
    @Order(3)
    void tenPercentFaultsOfEveryKind_endTheSame(Emulator emulator) throws Exception {
        check(run(emulator, new Scenario("10% faults", 0.10, FaultProxy.ALL, 1, 2026)));
    }

    @Test
    @Order(4)
    void tenPercentFaults_andRedelivery_endTheSame(Emulator emulator) throws Exception {
        check(run(emulator, new Scenario("10% faults + redelivery 1-3x", 0.10, FaultProxy.ALL, 3, 4242)));
    }

    @Test
    @Order(5)
    void halfOfTheBatchCallsPartlyFailed_endTheSame(Emulator emulator) throws Exception {
        check(run(emulator, new Scenario("partial failures on 50% of batch calls", 0.5, List.of("partial"), 1, 99)));
    }

    private record Run(Scenario scenario, Snapshot snapshot, Map<String, Long> injected, long calls, long[] deliveries,
                       int resentVerdicts, int reviewerRetries, long elapsedMillis) {
    }

    private static void check(Run run) {
        assertTrue(baseline != null, "the baseline runs first");
        Snapshot b = baseline;
        Snapshot s = run.snapshot();
        // queue messages and escalations count by id: a second copy under the same id is at-least-once delivery,
        // which the reviewers' claim and the pager's id absorb; it is reported as a copy, not a duplicate
        int lost = missing(b.records(), s.records()) + missing(ids(b.queueMessages()), ids(s.queueMessages()))
                + missing(b.escalations(), s.escalations()) + missing(b.reviewed(), s.reviewed())
                + missing(b.evalCases(), s.evalCases());
        int duplicated = missing(s.records(), b.records()) + missing(ids(s.queueMessages()), ids(b.queueMessages()))
                + missing(s.escalations(), b.escalations()) + missing(s.reviewed(), b.reviewed())
                + missing(s.evalCases(), b.evalCases());
        int copies = s.escalationCopies().values().stream().mapToInt(i -> i - 1).sum()
                + s.queueMessages().values().stream().mapToInt(i -> i - 1).sum();
        System.out.printf("pipeline-reliability: %s: calls %d, faults %s, batches %d (%d repeats), verdicts sent"
                        + " again %d, reviewer retries %d, records %d, queue messages %d, escalations %d, eval cases"
                        + " %d, lost %d, duplicated %d, same-id copies %d, %.1f s%n", run.scenario().name(),
                run.calls(), run.injected(), run.deliveries()[0], run.deliveries()[1], run.resentVerdicts(),
                run.reviewerRetries(), s.records().size(), s.queueMessages().size(), s.escalations().size(),
                s.evalCases().size(), lost, duplicated, copies, run.elapsedMillis() / 1000.0);
        if (run.scenario().faultShare() > 0) {
            assertTrue(run.injected().values().stream().mapToLong(Long::longValue).sum() > 0, "faults were injected");
        }
        if (run.scenario().maxDeliveries() > 1) {
            assertTrue(run.deliveries()[1] > 0, "batches were delivered more than once");
        }
        assertEquals(b.records(), s.records(), "review records and manifests after ingest and routing");
        assertEquals(b.queueMessages().keySet(), s.queueMessages().keySet(), "queue messages by review id");
        assertEquals(b.escalations(), s.escalations(), "escalations by escalation id");
        assertEquals(b.reviewed(), s.reviewed(), "records after review");
        assertEquals(b.evalCases(), s.evalCases(), "eval cases");
        assertEquals(0, lost);
        assertEquals(0, duplicated);
    }

    private static Map<String, Boolean> ids(Map<String, Integer> counted) {
        Map<String, Boolean> out = new TreeMap<>();
        counted.keySet().forEach(k -> out.put(k, true));
        return out;
    }

    /** Entries of {@code expected} that {@code actual} lacks or holds differently. */
    private static int missing(Map<String, ?> expected, Map<String, ?> actual) {
        int n = 0;
        for (Map.Entry<String, ?> e : expected.entrySet()) {
            if (!e.getValue().equals(actual.get(e.getKey()))) {
                n++;
            }
        }
        return n;
    }

    private static Run run(Emulator emulator, Scenario sc) throws Exception {
        long t0 = System.nanoTime();
        FaultProxy proxy = sc.faultShare() > 0 ? FaultProxy.start(emulator.endpoint(), sc.faultShare(), sc.faults(),
                sc.seed()) : null;
        LocalRuntime.Options options = new LocalRuntime.Options(Map.of("ReviewLeaseSeconds", "60"),
                proxy == null ? null : proxy.endpoint(), sc.maxDeliveries(), sc.seed());
        try (LocalRuntime rt = LocalRuntime.on(emulator, Path.of("../../template.yaml"), 0, options)) {
            rt.clients().sqs().setQueueAttributes(b -> b.queueUrl(rt.resources().ingestQueueUrl())
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2")));
            for (int copy = 0; copy < 2; copy++) {
                for (String f : LOGS) {
                    String key = "AWSLogs/reliability/" + copy + "/" + f;
                    rt.clients().s3().putObject(b -> b.bucket(rt.resources().logBucket()).key(key),
                            RequestBody.fromBytes(Files.readAllBytes(Path.of("../../events/logs/" + f))));
                }
            }
            rt.clients().s3().putObject(b -> b.bucket(rt.resources().logBucket()).key("AWSLogs/reliability/bulk.jsonl"),
                    RequestBody.fromString(bulkLog(BULK_RECORDS)));
            settle(rt);
            long ingested = System.nanoTime();
            Map<String, String> records = table(rt);
            Map<String, Integer> queued = queueMessages(rt);
            Map<String, Integer> copies = new TreeMap<>();
            Map<String, String> escalations = escalations(rt, copies);

            long r0 = System.nanoTime();
            int retries = reviewEverything(rt, sc);
            long r1 = System.nanoTime();
            settle(rt);
            System.out.printf("pipeline-reliability: %s: phases: ingest+route %.1f s, review %.1f s, feedback %.1f s%n",
                    sc.name(), (ingested - t0) / 1e9, (r1 - r0) / 1e9, (System.nanoTime() - r1) / 1e9);
            Map<String, String> reviewed = table(rt);
            Map<String, String> cases = evalCases(rt);
            Snapshot snap = new Snapshot(records, queued, escalations, copies, reviewed, cases);
            return new Run(sc, snap, proxy == null ? Map.of() : proxy.injected(),
                    proxy == null ? 0 : proxy.callsTotal(), rt.deliveryCounts(), resentVerdicts, retries,
                    (System.nanoTime() - t0) / 1_000_000);
        } finally {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    /** A secondlook.v1 log of {@code n} records: a quarter page, a quarter need review, the rest are routine. */
    static String bulkLog(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            ObjectNode r = MAPPER.createObjectNode();
            r.put("schema", "secondlook.v1");
            r.put("id", String.format("bulk-%04d", i));
            r.put("timestamp", "2026-08-19T05:20:00Z");
            r.put("model", "in-house-llm-7b");
            r.put("route", "support.chat");
            r.put("prompt", "Question " + i);
            r.put("output", switch (i % 4) {
                case 0 -> "Use the key AKIAQYLPMN5HFIQR7XB2 with secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY.";
                case 1 -> "Our price match policy guarantees the lowest price, and I'll give you a 20% discount today.";
                default -> "We are open 9 to 5, Monday to Saturday. (" + i + ")";
            });
            sb.append(r).append('\n');
        }
        return sb.toString();
    }

    /** Pumps until the ingest queue is empty and nothing moves. */
    private static void settle(LocalRuntime rt) {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            rt.drain(Duration.ofSeconds(60));
            Map<QueueAttributeName, String> a = rt.clients().sqs().getQueueAttributes(b -> b.queueUrl(
                    rt.resources().ingestQueueUrl()).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            if ("0".equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    && "0".equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))) {
                rt.drain(Duration.ofSeconds(30));
                return;
            }
            LocalRuntime.sleep(1000);
        }
        throw new AssertionError("the ingest queue did not empty in 180 s");
    }

    /** Every item of the table by id, without volatile attributes and with stack names replaced. */
    private static Map<String, String> table(LocalRuntime rt) {
        Map<String, String> out = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = rt.clients().dynamoDb().scan(b -> b.tableName(rt.resources().reviewTable()).consistentRead(true)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                Map<String, Object> plain = new TreeMap<>();
                item.forEach((k, v) -> {
                    if (!isVolatile(k)) {
                        plain.put(k, k.equals("population") ? countsWithoutHour(PlainValues.of(v))
                                : PlainValues.of(v));
                    }
                });
                String id = neutral(rt, item.get("id").s());
                out.put(id, neutral(rt, plain.toString()));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /**
     * A manifest's population cells without their hour: the hour is the clock's when the object was judged, as
     * volatile as createdAt; the counts must match exactly, however often an object was delivered or retried.
     */
    private static Object countsWithoutHour(Object cells) {
        if (!(cells instanceof List<?> list)) {
            return cells;
        }
        List<Object> out = new ArrayList<>();
        for (Object c : list) {
            Map<Object, Object> m = new TreeMap<>((Map<?, ?>) c);
            m.remove("hour");
            out.add(m);
        }
        return out;
    }

    private static boolean isVolatile(String name) {
        return VOLATILE.contains(name) || name.endsWith("At") || name.endsWith("Uri");
    }

    /**
     * Replaces this stack's resource names, which differ between runs, with fixed ones; so are the version ids of
     * the log objects (the log bucket is versioned: each run's uploads get their own).
     */
    private static String neutral(LocalRuntime rt, String s) {
        return s.replace(rt.resources().logBucket(), "<log-bucket>").replace(rt.resources().evalBucket(), "<eval-bucket>")
                .replace(rt.resources().reviewTable(), "<table>")
                .replaceAll("versionId=[^,}\\]]+", "versionId=<version>")
                .replaceAll("\"versionId\"\\s*:\\s*\"[^\"]*\"", "\"versionId\":\"<version>\"");
    }

    /** Messages on both review queues, counted by review id; left visible again for the reviewers. */
    private static Map<String, Integer> queueMessages(LocalRuntime rt) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        for (String url : List.of(rt.resources().priorityQueueUrl(), rt.resources().routineQueueUrl())) {
            List<Message> seen = new ArrayList<>();
            while (true) {
                List<Message> got = rt.clients().sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                        .visibilityTimeout(30)).messages();
                if (got.isEmpty()) {
                    break;
                }
                seen.addAll(got);
            }
            for (Message m : seen) {
                out.merge(MAPPER.readTree(m.body()).get("reviewId").asText(), 1, Integer::sum);
            }
            for (int i = 0; i < seen.size(); i += 10) {
                List<ChangeMessageVisibilityBatchRequestEntry> back = new ArrayList<>();
                for (Message m : seen.subList(i, Math.min(seen.size(), i + 10))) {
                    back.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(back.size()))
                            .receiptHandle(m.receiptHandle()).visibilityTimeout(0).build());
                }
                rt.clients().sqs().changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(back));
            }
        }
        return out;
    }

    /** Escalations that reached the pager queue, by escalation id (copies counted in {@code copies}). */
    private static Map<String, String> escalations(LocalRuntime rt, Map<String, Integer> copies) throws Exception {
        Map<String, String> out = new TreeMap<>();
        while (true) {
            List<Message> got = rt.clients().sqs().receiveMessage(b -> b.queueUrl(rt.pagerQueueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            if (got.isEmpty()) {
                break;
            }
            for (Message m : got) {
                JsonNode envelope = MAPPER.readTree(m.body());
                JsonNode esc = envelope.has("Message") ? MAPPER.readTree(envelope.get("Message").asText())
                        : envelope;
                String id = esc.get("escalationId").asText();
                out.put(id, neutral(rt, strip(esc).toString()));
                copies.merge(id, 1, Integer::sum);
            }
        }
        return out;
    }

    /** Eval cases in the eval bucket by key, without volatile fields. */
    private static Map<String, String> evalCases(LocalRuntime rt) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (var o : rt.clients().s3().listObjectsV2Paginator(b -> b.bucket(rt.resources().evalBucket())
                .prefix("eval-cases/")).contents()) {
            JsonNode c = MAPPER.readTree(rt.clients().s3().getObjectAsBytes(b -> b.bucket(rt.resources().evalBucket())
                    .key(o.key())).asByteArray());
            out.put(o.key(), neutral(rt, strip(c).toString()));
        }
        return out;
    }

    private static JsonNode strip(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            List<String> drop = new ArrayList<>();
            o.fieldNames().forEachRemaining(f -> {
                if (isVolatile(f)) {
                    drop.add(f);
                } else {
                    strip(o.get(f));
                }
            });
            o.remove(drop);
        } else if (n.isArray()) {
            n.forEach(PipelineReliabilityIT::strip);
        }
        return n;
    }

    /** Verdicts sent again by the reviewer in the last run (redelivery scenarios). */
    private static int resentVerdicts;

    /**
     * One reviewer claims every record and gives each the verdict its own labels call for: off-policy for what
     * the rules flagged, on-policy for a sample. 5xx answers are retried (a verdict retried after
     * a lost answer must get 200 again). Returns the number of retried requests.
     */
    private static int reviewEverything(LocalRuntime rt, Scenario sc) throws Exception {
        java.util.Random resend = new java.util.Random(sc.seed());
        ReviewClient alice = new ReviewClient(rt.apiUrl(), rt.emulator().region(), StaticCredentialsProvider.create(
                AwsBasicCredentials.create("alice", LocalRuntime.REVIEWERS.get("alice"))));
        int retries = 0;
        int verdicts = 0;
        resentVerdicts = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline) {
            ReviewClient.Response claim = alice.call("POST", "/reviews/claim", null);
            if (claim.status() >= 500) {
                retries++;
                continue;
            }
            if (claim.status() == 204) {
                if (openRecords(rt) == 0) {
                    return retries;
                }
                // a message is hidden by a claim whose answer was lost: it comes back when its lease lapses
                rt.pump();
                LocalRuntime.sleep(2000);
                continue;
            }
            assertEquals(200, claim.status(), claim.body());
            JsonNode record = MAPPER.readTree(claim.body());
            String verdict = verdictFor(record);
            String path = "/reviews/" + record.get("id").asText() + "/verdict";
            ReviewClient.Response v = alice.call("POST", path, verdict);
            while (v.status() >= 500) {
                retries++;
                v = alice.call("POST", path, verdict);
            }
            assertEquals(200, v.status(), "verdict on " + record.get("id").asText() + ": " + v.body());
            // at-least-once from the client too: the same verdict sent again, as after a timeout, changes nothing
            for (int again = resend.nextInt(sc.maxDeliveries()); again > 0; again--) {
                ReviewClient.Response dup = alice.call("POST", path, verdict);
                while (dup.status() >= 500) {
                    retries++;
                    dup = alice.call("POST", path, verdict);
                }
                assertEquals(200, dup.status(), "the same verdict again on " + record.get("id").asText());
                resentVerdicts++;
            }
            if (++verdicts % 25 == 0) {
                rt.pump(); // feedback keeps pace with the reviewer, as its stream would
            }
        }
        throw new AssertionError("records still open after 240 s: " + openRecords(rt));
    }

    private static String verdictFor(JsonNode record) {
        ObjectNode v = MAPPER.createObjectNode();
        JsonNode cats = record.get("categories");
        if (cats != null && cats.size() > 0) {
            v.put("outcome", "off-policy");
            v.set("categories", cats);
            v.put("severity", record.get("severity").asText());
            v.put("correctedResponse", "A specialist will follow up.");
        } else {
            v.put("outcome", "on-policy");
            v.putArray("categories");
            v.put("severity", "none");
        }
        return v.toString();
    }

    private static int openRecords(LocalRuntime rt) {
        int n = 0;
        for (String status : List.of("PENDING", "IN_REVIEW")) {
            n += rt.clients().dynamoDb().query(b -> b.tableName(rt.resources().reviewTable()).indexName("status-dueAt")
                    .keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(status)))).count();
        }
        return n;
    }
}
