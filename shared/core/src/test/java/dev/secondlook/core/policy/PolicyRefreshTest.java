package dev.secondlook.core.policy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyRefreshTest {


    private final Policy initial = PolicyLoader.loadDefault();
    private Instant now = Instant.parse("2026-11-30T08:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private String sourceValue = "s3://rules/p.yaml?versionId=1#sha256=a";
    private RuntimeException sourceFailure;
    private final List<String> loads = new ArrayList<>();
    private final PolicyRefresh refresh = new PolicyRefresh(initial, sourceValue, () -> {
        if (sourceFailure != null) {
            throw sourceFailure;
        }
        return sourceValue;
    }, v -> {
        loads.add(v);
        if (v.contains("broken")) {
            throw new PolicyException("rules file: not valid YAML");
        }
        return PolicyLoader.load(("policy: " + v.hashCode() + "\nrules: []\n").getBytes(StandardCharsets.UTF_8));
    }, Duration.ofMinutes(5), clock);

    @Test
    void checksAtMostEveryInterval_andLoadsOnlyWhenTheSourceNamesAnotherFile() {
        assertEquals(initial, refresh.current().policy());
        sourceValue = "s3://rules/p.yaml?versionId=2#sha256=b";
        now = now.plusSeconds(299);
        assertFalse(refresh.current().changed(), "not due yet");
        now = now.plusSeconds(2);
        PolicyRefresh.Result r = refresh.current();
        assertTrue(r.changed());
        assertNotEquals(initial.version(), r.policy().version());
        now = now.plusSeconds(301);
        assertFalse(refresh.current().changed(), "same value: nothing loaded");
        assertEquals(List.of("s3://rules/p.yaml?versionId=2#sha256=b"), loads);
    }

    @Test
    void aBrokenChangeOrAnUnreadableSource_keepsTheCurrentPolicy_andIsTriedAgain() {
        sourceValue = "s3://rules/broken.yaml?versionId=3#sha256=c";
        now = now.plusSeconds(301);
        PolicyRefresh.Result broken = refresh.current();
        assertEquals(initial, broken.policy());
        assertTrue(broken.error().contains("cannot load"), broken.error());
        sourceFailure = new IllegalStateException("throttled");
        now = now.plusSeconds(301);
        assertTrue(refresh.current().error().contains("throttled"));
        sourceFailure = null;
        sourceValue = "s3://rules/p.yaml?versionId=4#sha256=d";
        now = now.plusSeconds(301);
        PolicyRefresh.Result fixed = refresh.current();
        assertTrue(fixed.changed());
        assertNull(fixed.error());
        assertEquals(2, loads.size());
    }
}
