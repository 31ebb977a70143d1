package dev.secondlook.core.ingest;

import dev.secondlook.core.failure.StoreUnavailableException;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.ReviewRecord;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestLogObjectTest {

    private static final Instant NOW = Instant.parse("2026-08-19T06:00:00Z");
    private final InMemoryPorts ports = new InMemoryPorts();
    private final IngestLogObject ingest = new IngestLogObject(ports.source, ports.reviewStore, ports.manifestStore,
            ports.quarantineSink, dev.secondlook.core.normalize.RecordNormalizer.offline(), PolicyLoader.loadDefault(), IngestSettings.defaults(),
            Clock.fixed(NOW, ZoneOffset.UTC), new ObjectMapper());

    private static byte[] sampleLog() throws IOException {
        return Files.readAllBytes(Path.of("../../events/logs/bedrock-invocations.json.gz"));
    }

    private ObjectRef put(String key, byte[] bytes) {
        ports.objects.put(key, bytes);
        return new ObjectRef("logs", key, null, Integer.toHexString(java.util.Arrays.hashCode(bytes)), bytes.length);
    }

    @Test
    void sampleLog_countsAddUp_andSelectedRecordsCarryDesignFields() throws IOException {
        IngestResult r = ingest.ingest(put("AWSLogs/1/BedrockModelInvocationLogs/us-east-1/2026/08/19/05/a.json.gz",
                sampleLog()));
        ObjectManifest m = r.manifest();
        assertEquals(IngestResult.Outcome.PROCESSED, r.outcome());
        assertEquals(52, m.read());
        assertEquals(m.read(), m.selected() + m.notSelected() + m.skippedTotal() + m.rejectedTotal());
        assertEquals(3, m.rejectedTotal());
        assertEquals(1L, m.rejected().get("sidecar-not-allowed"));
        assertEquals(1L, m.rejected().get("invalid-json"));
        assertEquals(1L, m.rejected().get("unrecognised-format"));
        assertEquals(1L, m.skipped().get("model-call-failed"));
        assertEquals(m.selected(), ports.reviews.size());
        assertEquals(3, ports.quarantine.values().iterator().next().size());

        ReviewRecord leak = ports.reviews.get("7b3e1c2a-0006-4e5f-9a1b-000000000006");
        assertEquals(Severity.PAGE, leak.severity());
        assertEquals(Lane.PRIORITY, leak.lane());
        assertEquals(List.of("secret-leak"), leak.categories());
        assertEquals(ReviewStatus.PENDING, leak.status());
        assertEquals(NOW.plus(Duration.ofHours(4)), leak.dueAt());
        assertTrue(leak.evidence().get(0).excerpt().contains("masked"));
        assertEquals(m.policyVersion(), leak.policyVersion());
        assertEquals(6, leak.source().line());

        ReviewRecord guard = ports.reviews.get("915a6a04-3f83-4c70-a277-7fbf7ea546b3");
        assertEquals(List.of("guardrail-intervened"), guard.categories());
        assertEquals("billing.refund", guard.route());
        assertEquals(1.0, guard.inclusionProbability());
    }

    @Test
    void onSeveralJudgingThreads_theObjectIsIngestedExactlyAsOnOne() throws IOException {
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        byte[] sample = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(sampleLog()))
                .readAllBytes();
        String text = new String(sample, java.nio.charset.StandardCharsets.UTF_8);
        for (int copy = 0; copy < 40; copy++) {
            // the sample's records under fresh ids, so that every copy is selected and written anew
            log.write(text.replace("\"requestId\":\"", "\"requestId\":\"c" + copy + "-")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        java.util.List<Object> outcomes = new java.util.ArrayList<>();
        for (int threads : new int[] {1, 3}) {
            InMemoryPorts p = new InMemoryPorts();
            IngestLogObject parallel = new IngestLogObject(p.source, p.reviewStore, p.manifestStore, p.quarantineSink,
                    dev.secondlook.core.normalize.RecordNormalizer.offline(), PolicyLoader.loadDefault(),
                    IngestSettings.defaults().withJudgeThreads(threads), Clock.fixed(NOW, ZoneOffset.UTC),
                    new ObjectMapper());
            p.objects.put("big.jsonl", log.toByteArray());
            IngestResult r = parallel.ingest(new ObjectRef("logs", "big.jsonl", null, "e1", log.size()));
            assertEquals(IngestResult.Outcome.PROCESSED, r.outcome());
            outcomes.add(java.util.List.of(r.manifest(), new java.util.ArrayList<>(p.reviews.values()),
                    p.quarantine));
        }
        ObjectManifest one = (ObjectManifest) ((java.util.List<?>) outcomes.get(0)).get(0);
        assertTrue(one.selected() > 100 && one.rejectedTotal() > 0, "a mix of selected and quarantined: " + one);
        assertEquals(outcomes.get(0), outcomes.get(1), "same manifest, review records in the same order, "
                + "same quarantine");
    }

    @Test
    void everyJudgedRecord_isCountedInOnePopulationCell_matchingItsReviewRecord() throws IOException {
        ObjectManifest m = ingest.ingest(put("AWSLogs/a.json.gz", sampleLog())).manifest();
        List<dev.secondlook.core.model.PopulationCell> cells = m.population();
        assertEquals(m.selected() + m.notSelected(), cells.stream().mapToLong(c -> c.judged()).sum());
        assertEquals(m.selected(), cells.stream().mapToLong(c -> c.selected()).sum());
        assertTrue(cells.stream().allMatch(c -> c.hour().equals(NOW)));
        // each review record falls in a cell of its own model, route, flag and inclusion probability
        for (ReviewRecord r : ports.reviews.values()) {
            boolean flagged = r.selectionReason().equals("rule");
            assertTrue(cells.stream().anyMatch(c -> c.modelId().equals(r.modelId()) && c.route().equals(r.route())
                    && c.flagged() == flagged && c.inclusionProbability() == r.inclusionProbability()
                    && c.selected() > 0), "cell of " + r.id());
        }
        // and each cell's selected count is exactly its review records
        for (dev.secondlook.core.model.PopulationCell c : cells) {
            assertEquals(c.selected(), ports.reviews.values().stream().filter(r -> c.modelId().equals(r.modelId())
                    && c.route().equals(r.route()) && c.flagged() == r.selectionReason().equals("rule")
                    && c.inclusionProbability() == r.inclusionProbability()).count(), c.toString());
        }
        assertTrue(cells.stream().anyMatch(c -> c.flagged() && c.inclusionProbability() == 1.0));
        assertTrue(cells.stream().anyMatch(c -> !c.flagged() && c.inclusionProbability() < 1.0
                && c.judged() > c.selected()));
    }

    @Test
    void populationCounts_areTheSame_whenAnUnfinishedObjectIsReadAgain() throws IOException {
        ObjectRef ref = put("AWSLogs/a.json.gz", sampleLog());
        List<dev.secondlook.core.model.PopulationCell> first = ingest.ingest(ref).manifest().population();
        ports.manifests.clear(); // as if the first run died before its manifest: the retry counts afresh, once
        List<dev.secondlook.core.model.PopulationCell> again = ingest.ingest(ref).manifest().population();
        assertEquals(first, again);
        assertEquals(IngestResult.Outcome.REPLAY, ingest.ingest(ref).outcome());
    }

    @Test
    void distinctCellsBeyondTheCap_areCountedUnderOther_inTheirStratum() {
        StringBuilder log = new StringBuilder();
        int n = IngestLogObject.MAX_POPULATION_CELLS + 50;
        for (int i = 0; i < n; i++) {
            log.append("{\"schema\":\"secondlook.v1\",\"id\":\"r").append(i).append("\",\"model\":\"m\",")
                    .append("\"output\":\"ok\",\"route\":\"route-").append(i).append("\"}\n");
        }
        ObjectManifest m = ingest.ingest(put("AWSLogs/many.jsonl", log.toString().getBytes(StandardCharsets.UTF_8)))
                .manifest();
        assertEquals(n, m.population().stream().mapToLong(c -> c.judged()).sum());
        assertTrue(m.population().size() <= IngestLogObject.MAX_POPULATION_CELLS + 4);
        assertTrue(m.population().stream().anyMatch(c -> c.route().equals(dev.secondlook.core.model.PopulationCell.OTHER)));
    }

    @Test
    void finishedObject_isRecognisedOnReplay_andNotReadAgain() throws IOException {
        ObjectRef ref = put("AWSLogs/a.json.gz", sampleLog());
        ingest.ingest(ref);
        int puts = ports.putCalls;
        ports.objects.remove(ref.key());
        IngestResult again = ingest.ingest(ref);
        assertEquals(IngestResult.Outcome.REPLAY, again.outcome());
        assertEquals(puts, ports.putCalls);
        assertNotNull(again.manifest());
    }

    @Test
    void unfinishedReplay_neverOverwritesATouchedRecord() throws IOException {
        ObjectRef ref = put("AWSLogs/a.json.gz", sampleLog());
        ingest.ingest(ref);
        String id = "7b3e1c2a-0006-4e5f-9a1b-000000000006";
        ReviewRecord claimed = withStatus(ports.reviews.get(id), ReviewStatus.IN_REVIEW);
        ports.reviews.put(id, claimed);
        ports.manifests.clear(); // as if the first run died before its manifest
        IngestResult again = ingest.ingest(ref);
        assertEquals(0, again.written());
        assertEquals(ReviewStatus.IN_REVIEW, ports.reviews.get(id).status());
    }

    @Test
    void objectHeldByAnotherWorker_isBusy() throws IOException {
        ObjectRef ref = put("AWSLogs/a.json.gz", sampleLog());
        ports.leases.put(InMemoryPorts.key(ref), NOW.plusSeconds(60));
        assertEquals(IngestResult.Outcome.BUSY, ingest.ingest(ref).outcome());
        ports.leases.put(InMemoryPorts.key(ref), NOW.minusSeconds(1));
        assertEquals(IngestResult.Outcome.PROCESSED, ingest.ingest(ref).outcome());
    }

    @Test
    void aTransientFailure_givesTheObjectBack_soItsRetryStartsAtOnce() throws IOException {
        ObjectRef ref = put("AWSLogs/a.json.gz", sampleLog());
        ports.failPuts = 1;
        org.junit.jupiter.api.Assertions.assertThrows(StoreUnavailableException.class, () -> ingest.ingest(ref));
        assertTrue(ports.leases.isEmpty(), "lease given back");
        assertTrue(ports.manifests.isEmpty(), "not finished");
        IngestResult retry = ingest.ingest(ref);
        assertEquals(IngestResult.Outcome.PROCESSED, retry.outcome());
        assertTrue(retry.written() > 0);
    }

    @Test
    void anErrorFromAPort_givesTheLeaseBack_soItsRetryStartsAtOnce() throws IOException {
        ObjectRef ref = put("AWSLogs/a.json.gz", sampleLog());
        ports.failPutWith = new OutOfMemoryError("injected");
        org.junit.jupiter.api.Assertions.assertThrows(OutOfMemoryError.class, () -> ingest.ingest(ref));
        assertTrue(ports.leases.isEmpty(), "lease given back");
        assertTrue(ports.manifests.isEmpty(), "not finished");
        assertEquals(IngestResult.Outcome.PROCESSED, ingest.ingest(ref).outcome());
    }

    @Test
    void aStackOverflowOpeningTheObject_givesTheLeaseBack() {
        LogObjectSource overflowing = object -> {
            throw new StackOverflowError();
        };
        IngestLogObject failing = new IngestLogObject(overflowing, ports.reviewStore, ports.manifestStore,
                ports.quarantineSink, dev.secondlook.core.normalize.RecordNormalizer.offline(),
                PolicyLoader.loadDefault(), IngestSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC),
                new ObjectMapper());
        ObjectRef ref = new ObjectRef("logs", "AWSLogs/b.jsonl", null, "e", 10);
        org.junit.jupiter.api.Assertions.assertThrows(StackOverflowError.class, () -> failing.ingest(ref));
        assertTrue(ports.leases.isEmpty(), "lease given back");
    }

    @Test
    void longIdsAndMetadata_areCappedAlikeOnEveryReplay_andFlagged() {
        String id = "req-" + "x".repeat(10_000);
        StringBuilder meta = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            meta.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"").append("v".repeat(2000)).append('"');
        }
        String line = "{\"schema\":\"secondlook.v1\",\"id\":\"" + id + "\",\"output\":\"AKIAQYLPMN5HFIQR7XB2\","
                + "\"route\":\"" + "r".repeat(5000) + "\",\"model\":\"" + "m".repeat(5000) + "\",\"metadata\":{"
                + meta + "}}\n";
        ObjectRef ref = put("AWSLogs/long.jsonl", line.getBytes(StandardCharsets.UTF_8));
        IngestResult first = ingest.ingest(ref);
        assertEquals(1, first.fieldsCapped());
        ReviewRecord r = ports.reviews.values().iterator().next();
        assertTrue(r.id().startsWith("req-xxx") && r.id().contains("[truncated:sha256="), r.id());
        assertTrue(r.id().getBytes(StandardCharsets.UTF_8).length <= 256, "the partition key stays small");
        assertTrue(r.truncated());
        assertTrue(r.route().endsWith("...[truncated]") && r.route().length() <= 256);
        assertTrue(r.modelId().length() <= 256);
        assertEquals(65, r.requestMetadata().size(), "64 entries and the count of those left out");
        assertEquals("437", r.requestMetadata().get("secondlook.droppedMetadataKeys"));

        ports.manifests.clear(); // a replay of the unfinished object
        IngestResult replay = ingest.ingest(ref);
        assertEquals(0, replay.written(), "the replay computes the same id, so writes nothing new");
        assertEquals(1, ports.reviews.size());
    }

    @Test
    void nonLogObjects_areSkippedWithAReason() {
        assertEquals("bedrock-permission-check", reason(put(
                "AWSLogs/1/BedrockModelInvocationLogs/amazon-bedrock-logs-permission-check", new byte[0])));
        assertEquals("bedrock-sidecar", reason(put(
                "AWSLogs/1/BedrockModelInvocationLogs/us-east-1/2026/08/19/05/data/x_input.json.gz", new byte[5])));
        assertEquals("empty-object", reason(put("AWSLogs/empty.jsonl", new byte[0])));
        assertEquals("not-a-log-object", reason(put("AWSLogs/photo.png", new byte[10])));
    }

    @Test
    void binaryObject_isReadAndExplainedInTheManifest() {
        byte[] junk = new byte[4096];
        new java.util.Random(7).nextBytes(junk);
        junk[0] = 'x';
        IngestResult r = ingest.ingest(put("AWSLogs/blob.log", junk));
        ObjectManifest m = r.manifest();
        assertEquals(m.read(), m.rejectedTotal());
        assertEquals("not a log object: no line is JSON", m.reason());
    }

    @Test
    void goneObject_isSkippedNotRetried() {
        ObjectRef ref = new ObjectRef("logs", "AWSLogs/gone.jsonl", null, "e1", 10);
        IngestResult r = ingest.ingest(ref);
        assertEquals(IngestResult.Outcome.SKIPPED, r.outcome());
        assertTrue(r.manifest().reason().startsWith("object-gone"));
    }

    @Test
    void duplicateIdsInOneFile_areWrittenOnce() {
        String line = "{\"schemaType\":\"ModelInvocationLog\",\"requestId\":\"dup\",\"operation\":\"Converse\","
                + "\"modelId\":\"m\",\"output\":{\"outputBodyJson\":{\"output\":{\"message\":{\"content\":"
                + "[{\"text\":\"AKIAQYLPMN5HFIQR7XB2\"}]}}}}}\n";
        IngestResult r = ingest.ingest(put("AWSLogs/dup.jsonl", (line + line).getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, r.manifest().selected());
        assertEquals(1, r.written());
        assertEquals(1, ports.reviews.size());
        assertNull(r.manifest().quarantineUri());
    }

    private String reason(ObjectRef ref) {
        IngestResult r = ingest.ingest(ref);
        assertEquals(IngestResult.Outcome.SKIPPED, r.outcome());
        return r.manifest().reason().substring(0, r.manifest().reason().indexOf(':'));
    }

    private static ReviewRecord withStatus(ReviewRecord r, ReviewStatus s) {
        return new ReviewRecord(r.id(), s, r.lane(), r.severity(), r.categories(), r.ruleIds(), r.evidence(),
                r.inclusionProbability(), r.selectionReason(), r.route(), r.modelId(), r.operation(), r.format(),
                r.policyVersion(), r.source(), r.recordTimestamp(), r.systemPrompt(), r.prompt(), r.output(),
                r.truncated(), r.stopReason(), r.guardrailAction(), r.inputTokens(), r.outputTokens(),
                r.requestMetadata(), r.createdAt(), r.dueAt());
    }
}
