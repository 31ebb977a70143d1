package dev.secondlook.core.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.judge.JudgeBudget;
import dev.secondlook.core.judge.RecordJudge;
import dev.secondlook.core.model.CheckStatus;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwaitDecisionTest {

    /** A clock the sleeper moves forward, so a long poll takes no real time. */
    static final class TestClock extends Clock {
        Instant now = CheckOutputTest.NOW;

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
    }

    final TestClock clock = new TestClock();
    final InMemoryCheckStore store = new InMemoryCheckStore();
    final List<Duration> sleeps = new ArrayList<>();
    final CheckOutput gate = new CheckOutput(new RecordJudge(RecordNormalizer.offline(),
            PolicyLoader.load(CheckOutputTest.POLICY), JudgeBudget.defaults(), new ObjectMapper()), store,
            GateSettings.defaults(), clock);
    final AwaitDecision await = new AwaitDecision(store, GateSettings.defaults(), clock, d -> {
        sleeps.add(d);
        clock.now = clock.now.plus(d);
    });

    private String held(String id, String route) {
        return gate.check(CheckOutputTest.request(id, route, "Use AKIAQYLPMN5HFIQR7XB2 to log in."),
                CheckOutputTest.APP).checkId();
    }

    @Test
    void aHoldNobodyDecides_staysHeldForTheWait_withNoOutput() {
        String id = held("req-1", "support");
        CheckState s = await.await(id, CheckOutputTest.APP, Duration.ofSeconds(20));
        assertEquals(CheckStatus.HELD, s.status());
        assertNull(s.output());
        assertNull(s.decidedAt());
        assertEquals(CheckOutputTest.NOW.plusSeconds(20), clock.now, "waited the whole wait, no longer");
        assertTrue(sleeps.stream().allMatch(d -> d.compareTo(Duration.ofMillis(500)) <= 0));
    }

    @Test
    void eachResolution_deliversItsText() {
        String approved = held("req-a", "support");
        String edited = held("req-e", "support");
        String blocked = held("req-b", "support");
        Instant at = CheckOutputTest.NOW.plusSeconds(3);
        store.decide(approved, CheckStatus.APPROVED, null, at);
        store.decide(edited, CheckStatus.EDITED, "Please use your SSO login.", at);
        store.decide(blocked, CheckStatus.BLOCKED, null, at);
        assertEquals("Use AKIAQYLPMN5HFIQR7XB2 to log in.", await.await(approved, CheckOutputTest.APP,
                Duration.ZERO).output());
        CheckState e = await.await(edited, CheckOutputTest.APP, Duration.ZERO);
        assertEquals(CheckStatus.EDITED, e.status());
        assertEquals("Please use your SSO login.", e.output());
        assertEquals("2026-12-01T10:00:03.000Z", e.decidedAt());
        assertEquals("A colleague will get back to you.", await.await(blocked, CheckOutputTest.APP,
                Duration.ZERO).output());
    }

    @Test
    void aDecisionDuringTheWait_endsTheWaitAtOnce() {
        String id = held("req-d", "support");
        AwaitDecision deciding = new AwaitDecision(store, GateSettings.defaults(), clock, d -> {
            clock.now = clock.now.plus(d);
            if (clock.now.isAfter(CheckOutputTest.NOW.plusSeconds(2))) {
                store.decide(id, CheckStatus.APPROVED, null, clock.now);
            }
        });
        CheckState s = deciding.await(id, CheckOutputTest.APP, Duration.ofSeconds(20));
        assertEquals(CheckStatus.APPROVED, s.status());
        assertTrue(clock.now.isBefore(CheckOutputTest.NOW.plusSeconds(4)), "returned within a poll of it");
    }

    @Test
    void aHoldPastItsTime_expiresWhenPolled_andResolvesAsItsRouteSays() {
        String blocking = held("req-x", "support");
        String delivering = held("req-y", "docs/guide");
        clock.now = CheckOutputTest.NOW.plusSeconds(301);
        CheckState b = await.await(blocking, CheckOutputTest.APP, Duration.ZERO);
        assertEquals(CheckStatus.EXPIRED, b.status());
        assertEquals("A colleague will get back to you.", b.output());
        CheckState d = await.await(delivering, CheckOutputTest.APP, Duration.ZERO);
        assertEquals(CheckStatus.EXPIRED, d.status());
        assertEquals("Use AKIAQYLPMN5HFIQR7XB2 to log in.", d.output(), "docs/* delivers the original on timeout");
    }

    @Test
    void aWaitThatReachesTheTimeout_returnsTheExpiry() {
        String id = held("req-t", "docs/guide");
        clock.now = CheckOutputTest.NOW.plusSeconds(25);
        CheckState s = await.await(id, CheckOutputTest.APP, Duration.ofSeconds(20));
        assertEquals(CheckStatus.EXPIRED, s.status());
        assertEquals(CheckOutputTest.NOW.plusSeconds(30), clock.now, "woke at the timeout, not at the wait's end");
    }

    @Test
    void onlyTheCallerThatChecked_readsIt_andDeliveredChecksAreNotHeldChecks() {
        String id = held("req-o", "support");
        assertThrows(CheckNotFoundException.class, () -> await.await(id, "arn:aws:iam::1:role/other", Duration.ZERO));
        assertThrows(CheckNotFoundException.class, () -> await.await("nope", CheckOutputTest.APP, Duration.ZERO));
        String delivered = gate.check(CheckOutputTest.request("req-p", "support", "I promise you a refund."),
                CheckOutputTest.APP).checkId();
        assertThrows(CheckNotFoundException.class, () -> await.await(delivered, CheckOutputTest.APP, Duration.ZERO));
        assertThrows(InvalidCheckException.class, () -> await.await(id, CheckOutputTest.APP, Duration.ofSeconds(21)));
    }

    @Test
    void theSweep_expiresOnlyWhatIsDue_once() {
        held("req-1", "support");
        held("req-2", "docs/guide");
        ExpireHolds sweep = new ExpireHolds(store, clock, 100);
        clock.now = CheckOutputTest.NOW.plusSeconds(60).plusNanos(123_456_789);
        assertEquals(new ExpireHolds.Result(1, 1), sweep.run());
        assertEquals(new ExpireHolds.Result(0, 0), sweep.run());
        assertEquals(CheckStatus.HELD, store.items.get("req-1").hold().status());
        assertEquals(CheckStatus.EXPIRED, store.items.get("req-2").hold().status());
    }
}
