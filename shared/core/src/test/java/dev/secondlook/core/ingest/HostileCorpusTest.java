package dev.secondlook.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.judge.JudgeBudget;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.PolicyLoader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-input corpus (src/test/resources/hostile, made by scripts/make-hostile-corpus.py): each object is
 * ingested in a 384 MB heap (surefire's argLine); none may throw, the counts must add up, the good records around
 * the bad ones must be written, and the expected reasons must be recorded.
 */
class HostileCorpusTest {

    private static final Path DIR = Path.of("src/test/resources/hostile");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TestFactory
    List<DynamicTest> everyHostileObject_isHandled_withNothingLostSilently() throws IOException {
        JsonNode cases = MAPPER.readTree(DIR.resolve("cases.json").toFile());
        assertTrue(cases.size() >= 30, "at least 30 cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            String file = c.get("file").asText();
            tests.add(DynamicTest.dynamicTest(file + " (" + c.get("note").asText() + ")", () -> check(c, file)));
        }
        return tests;
    }

    private static void check(JsonNode c, String file) throws IOException {
        InMemoryPorts ports = new InMemoryPorts();
        byte[] bytes = Files.readAllBytes(DIR.resolve(file));
        ports.objects.put("AWSLogs/hostile/" + file, bytes);
        IngestSettings settings = new IngestSettings(8 * 1024 * 1024, 64L * 1024 * 1024, Duration.ofHours(4),
                Duration.ofDays(3), 300 * 1024, 100, Duration.ofMinutes(16), 1000, JudgeBudget.defaults(), 1);
        IngestLogObject ingest = new IngestLogObject(ports.source, ports.reviewStore, ports.manifestStore,
                ports.quarantineSink, RecordNormalizer.offline(), PolicyLoader.loadDefault(), settings,
                Clock.systemUTC(), MAPPER);
        // the size is announced as unknown so that even the empty object is read
        IngestResult r = assertDoesNotThrow(() -> ingest.ingest(new ObjectRef("logs", "AWSLogs/hostile/" + file,
                null, "etag-" + file.hashCode(), -1)));
        ObjectManifest m = r.manifest();
        assertEquals(m.read(), m.selected() + m.notSelected() + m.skippedTotal() + m.rejectedTotal(),
                "counts add up: " + m);
        for (JsonNode id : c.get("good")) {
            assertTrue(ports.reviews.containsKey(id.asText()), id.asText() + " written; manifest " + m);
        }
        Set<String> reasons = new HashSet<>(m.rejected().keySet());
        reasons.addAll(m.skipped().keySet());
        for (JsonNode reason : c.get("reasons")) {
            assertTrue(reasons.contains(reason.asText()), "reason " + reason.asText() + " recorded; got " + reasons);
        }
        if (m.rejectedTotal() > 0) {
            assertEquals(m.rejectedTotal(), ports.quarantine.values().iterator().next().size(),
                    "every rejected record is kept with its reason");
        }
    }
}
