package dev.secondlook.ingest;

import dev.secondlook.emulator.FaultProxy;
import dev.secondlook.emulator.Emulator;
import dev.secondlook.emulator.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ingest through a proxy that fails 10 % of the handler's AWS calls with every fault kind (500, 503, throttling,
 * dropped connections, answers lost after the write, partly failed batches):
 * the same logs must end as the same review records and the same counts as without faults - nothing lost,
 * nothing duplicated.
 */
@ExtendWith(EmulatorExtension.class)
class FaultInjectionIT {

    private static final Set<String> VOLATILE = Set.of("createdAt", "dueAt", "finishedAt", "startedAt", "leaseUntil",
            "sourceUri", "source");

    private static void load(IngestStack s) throws Exception {
        // every log under three names: more calls for the faults to hit, and records that must stay single
        for (int copy = 0; copy < 3; copy++) {
            for (String f : new String[] {"bedrock-invocations.json.gz", "otel-genai-spans.jsonl", "openai-chat.jsonl",
                    "generic-secondlook-v1.jsonl", "openai-batch-output.jsonl"}) {
                String key = "AWSLogs/faults/" + copy + "/" + f;
                s.clients.s3().putObject(b -> b.bucket(s.res.logBucket()).key(key),
                        RequestBody.fromBytes(Files.readAllBytes(Path.of("../../events/logs/" + f))));
            }
        }
        long deadline = System.currentTimeMillis() + 120_000;
        while (s.drain() > 0 && System.currentTimeMillis() < deadline) {
            // messages that failed come back after their visibility timeout (1 s here)
            Thread.sleep(1500);
        }
    }

    /** Review records by id and manifest counts by object key, without times and stack-specific names. */
    private static Map<String, Map<String, AttributeValue>> state(IngestStack s) {
        Map<String, Map<String, AttributeValue>> out = new TreeMap<>();
        s.snapshot().forEach((id, item) -> {
            Map<String, AttributeValue> copy = new HashMap<>(item);
            VOLATILE.forEach(copy::remove);
            if ("manifest".equals(item.get("kind").s())) {
                copy.remove("id");
                copy.remove("bucket");
                copy.remove("quarantineUri");
                out.put("manifest:" + item.get("key").s(), copy);
            } else {
                out.put(id, copy);
            }
        });
        return out;
    }

    @Test
    void tenPercentInjectedFaults_loseNothing_andDuplicateNothing(Emulator emulator) throws Exception {
        IngestStack clean = new IngestStack(emulator, "faults-clean");
        load(clean);
        try (FaultProxy proxy = FaultProxy.start(emulator.endpoint(), 0.10, FaultProxy.ALL, 42)) {
            IngestStack faulty = new IngestStack(emulator, "faults-10pc", proxy.endpoint());
            load(faulty);
            Map<String, Map<String, AttributeValue>> expected = state(clean);
            Map<String, Map<String, AttributeValue>> actual = state(faulty);
            assertTrue(expected.size() > 10, "the logs produce records");
            assertTrue(proxy.injected().values().stream().mapToLong(Long::longValue).sum() > 0,
                    "faults were injected: " + proxy.injected() + ", forwarded " + proxy.forwarded());
            assertEquals(expected.keySet(), actual.keySet(), "same records and manifests");
            assertEquals(expected, actual, "same contents");
            System.out.println("fault-injection: injected " + proxy.injected() + ", forwarded " + proxy.forwarded()
                    + ", records and manifests " + actual.size() + ", lost 0, duplicated 0");
        }
    }
}
