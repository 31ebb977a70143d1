package dev.secondlook.core.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.secondlook.core.judge.JudgeBudget;
import dev.secondlook.core.judge.JudgedRecord;
import dev.secondlook.core.model.ObjectManifest;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.ReviewRecord;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records that used to stop their whole object (issue part 2): inputs that overflowed java.util.regex's stack or
 * made a rule quadratic, a record larger than the judge budget, and a record that outruns the time budget. Each
 * ingests in seconds, in the suite's 384 MB heap, as exactly one outcome, while its neighbours are judged.
 */
class HostileRecordsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Policy DEFAULT = PolicyLoader.loadDefault();
    private static final String SECRET = "Use AKIAQYLPMN5HFIQR7XB2 for deploys. ";

    /** A secondlook.v1 line; the secret makes the default policy page it, so a judged record is written. */
    private static String line(String id, String output) {
        ObjectNode o = MAPPER.createObjectNode().put("schema", "secondlook.v1").put("id", id).put("output", output);
        return o.toString() + "\n";
    }

    /** About {@code bytes} of {@code x@a.a.a...}: overflowed the e-mail detector's stack from ~3 KB. */
    static String emailDots(int bytes) {
        StringBuilder sb = new StringBuilder("x@");
        while (sb.length() < bytes) {
            sb.append("a.");
        }
        return sb.toString();
    }

    /** {@code see section 1.1.1...1 of the terms}: overflowed the policy-claim rule's stack. */
    static String sectionNumber(int bytes) {
        StringBuilder sb = new StringBuilder("see section 1");
        while (sb.length() < bytes) {
            sb.append(".1");
        }
        return sb.append(" of the terms").toString();
    }

    /** Whitespace after "per our policy": quadratic in java.util.regex (64 KB: 127 s). */
    static String perOurPolicy(int bytes) {
        return "per our policy" + " ".repeat(bytes) + "x";
    }

    private static IngestLogObject ingest(InMemoryPorts ports, Policy policy, JudgeBudget budget) {
        IngestSettings settings = new IngestSettings(8 * 1024 * 1024, 64L * 1024 * 1024, Duration.ofHours(4),
                Duration.ofDays(3), 300 * 1024, 100, Duration.ofMinutes(16), 1000, budget, 1);
        return new IngestLogObject(ports.source, ports.reviewStore, ports.manifestStore, ports.quarantineSink,
                RecordNormalizer.offline(), policy, settings, Clock.systemUTC(), MAPPER);
    }

    private static ObjectRef put(InMemoryPorts ports, String key, String... lines) {
        byte[] bytes = String.join("", lines).getBytes(StandardCharsets.UTF_8);
        ports.objects.put(key, bytes);
        return new ObjectRef("logs", key, null, "etag", bytes.length);
    }

    @ParameterizedTest(name = "{0} at {1} bytes")
    @CsvSource({"email, 3072", "email, 65536", "email, 131072", "section, 3072", "section, 65536",
            "section, 131072", "per-our-policy, 3072", "per-our-policy, 65536", "per-our-policy, 131072"})
    void inputThatBrokeJavaRegex_isJudgedInLinearTime_andItsNeighboursToo(String kind, int bytes) {
        String hostile = switch (kind) {
            case "email" -> emailDots(bytes);
            case "section" -> sectionNumber(bytes);
            default -> perOurPolicy(bytes);
        };
        InMemoryPorts ports = new InMemoryPorts();
        ObjectRef ref = put(ports, "AWSLogs/hostile.jsonl", line("before", SECRET), line("hostile", SECRET + hostile),
                line("after", SECRET));
        long t0 = System.nanoTime();
        IngestResult r = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> ingest(ports, DEFAULT, JudgeBudget.defaults()).ingest(ref));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "hostile %s, %d bytes: ingested in %.3f s%n", kind, bytes, seconds);

        ObjectManifest m = r.manifest();
        assertEquals(3, m.read());
        assertEquals(0, m.rejectedTotal(), "judged, not quarantined: " + m.rejected());
        assertEquals(3, m.selected());
        for (String id : List.of("before", "hostile", "after")) {
            assertEquals(Severity.PAGE, ports.reviews.get(id).severity(), id);
        }
        if (kind.equals("section")) {
            assertTrue(ports.reviews.get("hostile").categories().contains("policy-or-contract-claim"),
                    "the claim is caught: " + ports.reviews.get("hostile").categories());
        }
    }

    @Test
    void aSevenMegabyteLineOfEmailAddresses_isQuarantinedJudgeFailed_andItsNeighboursAreJudged() {
        StringBuilder emails = new StringBuilder(7 * 1024 * 1024 + 64);
        for (int i = 0; emails.length() < 7 * 1024 * 1024; i++) {
            emails.append("someone").append(i).append("@mail.example.net ");
        }
        InMemoryPorts ports = new InMemoryPorts();
        ObjectRef ref = put(ports, "AWSLogs/emails.jsonl", line("before", SECRET), line("emails", emails.toString()),
                line("after", SECRET));
        emails.setLength(0);
        resetPeaks();
        IngestResult r = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> ingest(ports, DEFAULT, JudgeBudget.defaults()).ingest(ref));
        System.out.printf(Locale.ROOT, "7 MB line of e-mail addresses: peak heap %d MB of %d MB%n",
                peakHeapBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);

        ObjectManifest m = r.manifest();
        assertEquals(3, m.read());
        assertEquals(1L, m.rejected().get(JudgedRecord.JUDGE_FAILED));
        assertTrue(ports.reviews.containsKey("before") && ports.reviews.containsKey("after"));
        QuarantinedRecord q = ports.quarantine.values().iterator().next().get(0);
        assertEquals(2, q.line());
        assertTrue(q.detail().startsWith("judge budget: "), q.detail());
        assertFalse(q.detail().contains("@"), "the reason never quotes the record: " + q.detail());
    }

    /** One OTLP line: a resource with {@code attributes} attributes and {@code spans} spans that leak a key. */
    private static String otlpLine(int attributes, int spans) {
        // every span used to copy all of its resource's attributes: here 1.5 billion map entries
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode rs = root.putArray("resourceSpans").addObject();
        com.fasterxml.jackson.databind.node.ArrayNode attrs = rs.putObject("resource").putArray("attributes");
        for (int i = 0; i < attributes; i++) {
            ObjectNode a = attrs.addObject().put("key", "k" + i);
            a.putObject("value").put("stringValue", "v");
        }
        com.fasterxml.jackson.databind.node.ArrayNode list = rs.putArray("scopeSpans").addObject().putArray("spans");
        for (int i = 0; i < spans; i++) {
            ObjectNode span = list.addObject().put("traceId", "t").put("spanId", "s" + i);
            ObjectNode out = span.putArray("attributes").addObject().put("key", "gen_ai.output.messages");
            out.putObject("value").put("stringValue", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\","
                    + "\"content\":\"" + SECRET + "\"}]}]");
        }
        return root + "\n";
    }

    @Test
    void anOtlpLineOfManySpansAndResourceAttributes_isJudgedInASmallHeap() {
        InMemoryPorts ports = new InMemoryPorts();
        ObjectRef ref = put(ports, "AWSLogs/otlp.jsonl", otlpLine(100_000, 15_000));
        resetPeaks();
        IngestResult r = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> ingest(ports, DEFAULT, JudgeBudget.defaults()).ingest(ref));
        System.out.printf(Locale.ROOT, "OTLP line, 100,000 resource attributes x 15,000 spans: peak heap %d MB of "
                + "%d MB%n", peakHeapBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        assertEquals(15_000, r.manifest().selected(), "every span judged: " + r.manifest());
        ReviewRecord one = ports.reviews.get("t:s0");
        assertEquals("99968", one.requestMetadata().get("secondlook.droppedResourceAttributes"));
        assertEquals(33, one.requestMetadata().size(), "32 resource attributes and the note");
    }

    @Test
    void aRecordThatOutrunsTheTimeBudget_isQuarantinedJudgeFailed_soonAfterTheBudget() {
        // about 1,800 instructions, legal; after 'zq' every letter keeps the whole chain alive: ~30 s a megabyte
        Policy slow = PolicyLoader.load("rules:\n  - {id: slow, category: c, outcome: review, "
                + "when: {regex: \"\\\\bzq[a-z ]*(?:a?){900}z\"}}\n");
        InMemoryPorts ports = new InMemoryPorts();
        ObjectRef ref = put(ports, "AWSLogs/slow.jsonl", line("before", "zq fine"),
                line("slow", "zq" + "a".repeat(1_000_000)), line("after", "zqz"));
        long t0 = System.nanoTime();
        IngestResult r = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> ingest(ports, slow, new JudgeBudget(2 * 1024 * 1024, Duration.ofMillis(200))).ingest(ref));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "record past a 200 ms budget: object ingested in %.3f s%n", seconds);

        ObjectManifest m = r.manifest();
        assertEquals(1L, m.rejected().get(JudgedRecord.JUDGE_FAILED));
        assertEquals(1, m.notSelected(), "'before' judged: no match");
        ReviewRecord after = ports.reviews.get("after");
        assertEquals(List.of("slow"), after.ruleIds(), "'after' judged: a match");
        QuarantinedRecord q = ports.quarantine.values().iterator().next().get(0);
        assertEquals("judge budget: judging took longer than its budget of 200 ms", q.detail());
        assertTrue(seconds < 5, "stopped near its budget, not after the whole scan: " + seconds + " s");
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap in use at any one time. */
    static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
