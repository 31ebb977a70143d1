package dev.secondlook.gate;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GateConfigTest {

    private static final Map<String, String> MINIMAL = Map.of("AWS_REGION", "eu-west-1", "REVIEW_TABLE", "t");

    @Test
    void defaults_holdNothingOpen_andLetNobodyIn() {
        GateConfig c = GateConfig.fromEnv(MINIMAL);
        assertNull(c.policyObject());
        assertNull(c.defaultSampleRate());
        assertEquals(Duration.ofMinutes(10), c.holdSla());
        assertEquals(List.of(), c.applicationPrincipals(), "no application: every caller is refused");
    }

    @Test
    void theTemplatesVariables_areRead() {
        Map<String, String> env = new java.util.HashMap<>(MINIMAL);
        env.put("APPLICATION_PRINCIPALS", "arn:aws:iam::1:role/a, arn:aws:iam::1:role/b,");
        env.put("POLICY_S3_URI", "s3://rules/policy.yaml#sha256=" + "a".repeat(64));
        env.put("DEFAULT_SAMPLE_RATE", "0.2");
        env.put("HOLD_SLA_MINUTES", "3");
        GateConfig c = GateConfig.fromEnv(env);
        assertEquals(List.of("arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"), c.applicationPrincipals());
        assertEquals("rules", c.policyObject().bucket());
        assertEquals(0.2, c.defaultSampleRate());
        assertEquals(Duration.ofMinutes(3), c.holdSla());
    }

    @Test
    void aMissingOrMalformedVariable_failsTheInitWithItsName() {
        assertTrue(assertThrows(IllegalStateException.class, () -> GateConfig.fromEnv(Map.of("AWS_REGION", "x")))
                .getMessage().contains("REVIEW_TABLE"));
        for (Map.Entry<String, String> bad : Map.of("POLICY_S3_URI", "s3://rules/policy.yaml", "DEFAULT_SAMPLE_RATE",
                "2", "HOLD_SLA_MINUTES", "0").entrySet()) {
            Map<String, String> env = new java.util.HashMap<>(MINIMAL);
            env.put(bad.getKey(), bad.getValue());
            assertTrue(assertThrows(IllegalStateException.class, () -> GateConfig.fromEnv(env)).getMessage()
                    .contains(bad.getKey()), bad.getKey());
        }
    }
}
