package dev.secondlook.core.ingest;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.judge.JudgeBudget;
import dev.secondlook.core.model.Evidence;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.SourceRef;
import dev.secondlook.core.model.TextField;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.Judgement;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyException;
import dev.secondlook.core.policy.PolicyLoader;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jazzer fuzz targets over what reads customer bytes: framing and format detection, the normalisers, the rules
 * engine and the rules-file loader. Run by {@code ./secondlook test} in two ways: as plain tests over the inputs
 * under {@code src/test/resources/dev/secondlook/core/ingest/IngestFuzzTestInputs/} (seeds and every crash ever
 * found, kept as regression tests), and by {@code scripts/fuzz.sh} in fuzzing mode for a fixed budget.
 */
class IngestFuzzTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Policy POLICY = PolicyLoader.loadDefault();
    /** Production limits, but a 16 MiB decompression cap so that a fuzzed gzip bomb stays quick. */
    private static final IngestSettings SETTINGS = new IngestSettings(1024 * 1024, 16L * 1024 * 1024,
            Duration.ofHours(4), Duration.ofDays(3), 300 * 1024, 100, Duration.ofMinutes(16), 1000,
            JudgeBudget.defaults(), 1);

    /** Any object ingests to the end: no exception, and every record read is counted somewhere. */
    @FuzzTest(maxDuration = "25s")
    void anyObject_isIngested_withEveryRecordAccountedFor(byte[] bytes) {
        InMemoryPorts ports = new InMemoryPorts();
        ports.objects.put("AWSLogs/fuzz/object.jsonl", bytes);
        IngestLogObject ingest = new IngestLogObject(ports.source, ports.reviewStore, ports.manifestStore,
                ports.quarantineSink, RecordNormalizer.offline(), POLICY, SETTINGS, Clock.systemUTC(), MAPPER);
        IngestResult r = ingest.ingest(new ObjectRef("logs", "AWSLogs/fuzz/object.jsonl", null, "etag", -1));
        ObjectManifest m = r.manifest();
        assertNotNull(m, "a manifest for every object");
        assertEquals(m.read(), m.selected() + m.notSelected() + m.skippedTotal() + m.rejectedTotal(),
                "read = selected + notSelected + skipped + rejected");
        assertEquals(r.written(), ports.reviews.size(), "what is reported written is in the store");
        assertTrue(ports.reviews.size() <= m.selected(), "nothing written that was not selected");
        long quarantined = ports.quarantine.values().stream().mapToLong(java.util.List::size).sum();
        assertEquals(m.rejectedTotal(), quarantined, "every rejected record kept with its reason");
    }

    /** Any text is judged; evidence points inside the field it names. */
    @FuzzTest(maxDuration = "20s")
    void anyText_isJudged_withEvidenceInsideTheText(FuzzedDataProvider data) {
        String system = data.consumeString(400);
        String prompt = data.consumeString(400);
        String output = data.consumeRemainingAsString();
        Interaction i = new Interaction("fuzz-1", "secondlook-v1", new SourceRef("b", "k", null, "e", 1), null,
                "chat", "model", Map.of("route", "support.chat"), system, prompt, output, "stop", null, 1, 2, null,
                false);
        Judgement j = POLICY.judge(i);
        assertNotNull(j.decision());
        for (Evidence e : j.evidence()) {
            String text = i.text(TextField.parse(e.field()));
            assertTrue(e.start() >= 0 && e.start() <= e.end() && e.end() <= text.length(),
                    "evidence " + e.start() + ".." + e.end() + " inside " + e.field() + " of " + text.length());
        }
    }

    /** Any rules file loads, or fails with a PolicyException that says why - never anything else. */
    @FuzzTest(maxDuration = "15s")
    void anyRulesFile_loadsOrFailsWithAPolicyError(byte[] yaml) {
        try {
            Policy p = PolicyLoader.load(yaml);
            assertNotNull(p.version());
        } catch (PolicyException e) {
            assertNotNull(e.getMessage());
        }
    }
}
