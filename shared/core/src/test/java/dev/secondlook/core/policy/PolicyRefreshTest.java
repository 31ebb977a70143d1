package dev.secondlook.core.policy;

import dev.secondlook.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyRefreshTest {


    private final Policy initial = PolicyLoader.loadDefault();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T08:00:00Z"));
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
        clock.advance(Duration.ofSeconds(299));
        assertFalse(refresh.current().changed(), "not due yet");
        clock.advance(Duration.ofSeconds(2));
        PolicyRefresh.Result r = refresh.current();
        assertTrue(r.changed());
        assertNotEquals(initial.version(), r.policy().version());
        clock.advance(Duration.ofSeconds(301));
        assertFalse(refresh.current().changed(), "same value: nothing loaded");
        assertEquals(List.of("s3://rules/p.yaml?versionId=2#sha256=b"), loads);
    }

    @Test
    void aBrokenChangeOrAnUnreadableSource_keepsTheCurrentPolicy_andIsTriedAgain() {
        sourceValue = "s3://rules/broken.yaml?versionId=3#sha256=c";
        clock.advance(Duration.ofSeconds(301));
        PolicyRefresh.Result broken = refresh.current();
        assertEquals(initial, broken.policy());
        assertTrue(broken.error().contains("cannot load"), broken.error());
        sourceFailure = new IllegalStateException("throttled");
        clock.advance(Duration.ofSeconds(301));
        assertTrue(refresh.current().error().contains("throttled"));
        sourceFailure = null;
        sourceValue = "s3://rules/p.yaml?versionId=4#sha256=d";
        clock.advance(Duration.ofSeconds(301));
        PolicyRefresh.Result fixed = refresh.current();
        assertTrue(fixed.changed());
        assertNull(fixed.error());
        assertEquals(2, loads.size());
    }
}
