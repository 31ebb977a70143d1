package dev.secondlook.ingest;

import dev.secondlook.core.redact.Redaction;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IngestFunction's init refuses a policy it cannot pin to one content, naming the variable. */
class IngestConfigTest {

    private static Map<String, String> env(String policyUri, String unmasked) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "us-east-1", "REVIEW_TABLE", "t",
                "QUARANTINE_BUCKET", "eval"));
        if (policyUri != null) {
            env.put("POLICY_S3_URI", policyUri);
        }
        if (unmasked != null) {
            env.put("EVAL_UNMASKED_CATEGORIES", unmasked);
        }
        return env;
    }

    @Test
    void noPolicyUri_meansTheBundledPolicy_andEverythingMasked() {
        IngestConfig c = IngestConfig.fromEnv(env(null, ""));
        assertNull(c.policyObject());
        assertEquals(Redaction.MASK_ALL, c.redaction());
    }

    @Test
    void judgeThreads_areRead_andNeverMoreThanTheProcessorsOrTheVcpusTheMemoryBuys() {
        Map<String, String> e = new HashMap<>(env(null, ""));
        assertEquals(1, IngestConfig.fromEnv(e).judgeThreads(), "one by default");
        e.put("JUDGE_THREADS", "4");
        assertEquals(4, IngestConfig.fromEnv(e).judgeThreads());
        e.put("JUDGE_THREADS", "0");
        assertThrows(IllegalStateException.class, () -> IngestConfig.fromEnv(e));
        assertEquals(2, IngestWiring.judgeThreads(4, 2, null), "no more than the processors");
        assertEquals(1, IngestWiring.judgeThreads(4, 2, "1024"), "1,024 MB buys less than one vCPU");
        assertEquals(2, IngestWiring.judgeThreads(4, 6, "3538"));
        assertEquals(4, IngestWiring.judgeThreads(4, 6, "10240"));
        assertEquals(1, IngestWiring.judgeThreads(4, 6, "lots"));
    }

    @Test
    void aPinnedPolicyUri_isRead() {
        IngestConfig c = IngestConfig.fromEnv(env("s3://rules/prod.yaml?versionId=v7", "pii-exposure"));
        assertEquals("rules", c.policyObject().bucket());
        assertEquals("v7", c.policyObject().versionId());
        assertEquals(Set.of("pii-exposure"), c.redaction().unmaskedCategories());
    }

    @Test
    void anUnpinnedPolicyUri_failsTheInitWithTheVariablesName() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> IngestConfig.fromEnv(env("s3://rules/prod.yaml", null)));
        assertTrue(e.getMessage().startsWith("environment variable POLICY_S3_URI: 's3://rules/prod.yaml' is not "
                + "pinned: add ?versionId="), e.getMessage());
    }

    @Test
    void aMalformedCategoryList_failsTheInitWithTheVariablesName() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> IngestConfig.fromEnv(env(null, "PII exposure")));
        assertTrue(e.getMessage().startsWith("environment variable EVAL_UNMASKED_CATEGORIES"), e.getMessage());
    }
}
