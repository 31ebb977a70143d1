package dev.secondlook.core.evalrun;

import dev.secondlook.core.feedback.EvalCase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunEvalSetTest {

    /** A scripted candidate: per prompt, throttle N times, fail, or answer. */
    private static final class Scripted implements CandidateModel {
        final Map<String, Integer> throttles = new ConcurrentHashMap<>();
        final Map<String, String> answers = new ConcurrentHashMap<>();
        final List<String> systems = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        @Override
        public Reply converse(String modelId, String systemPrompt, String prompt) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(5);
                systems.add(systemPrompt);
                Integer left = throttles.computeIfPresent(prompt, (k, v) -> v - 1);
                if (left != null && left >= 0) {
                    throw new ModelThrottledException("ThrottlingException (HTTP 429)", null);
                }
                if (prompt.startsWith("bad")) {
                    throw new ModelCallException("ValidationException (HTTP 400)", null);
                }
                if (prompt.startsWith("boom")) {
                    throw new IllegalStateException("unexpected");
                }
                return new Reply(answers.getOrDefault(prompt, "I've passed this to a specialist."), "end_turn",
                        prompt.length(), 5);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private static EvalCase c(String id, String prompt) {
        return EvalCases.of(id, prompt, "I have issued a full refund.", List.of("commitment"),
                List.of("commitment-promise"));
    }

    @Test
    void everyCaseEndsAsPassFailOrError_inCaseOrder_withBoundedConcurrency() {
        Scripted model = new Scripted();
        model.answers.put("p2", "I will refund you now.");
        model.throttles.put("p3", 2);
        model.throttles.put("p4", 100);
        List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
        RunEvalSet run = new RunEvalSet(model, EvalCases.judge(),
                new RunEvalSet.Settings(3, 4, Duration.ofMillis(100), Duration.ofMillis(250)), slept::add,
                new Random(7));
        List<EvalCase> cases = new ArrayList<>(List.of(c("a", "p1"), c("b", "p2"), c("c", "p3"), c("d", "p4"),
                c("e", "bad input"), c("f", "boom")));
        for (int i = 0; i < 30; i++) {
            cases.add(c("z" + i, "q" + i));
        }
        List<CaseResult> progress = Collections.synchronizedList(new ArrayList<>());
        List<CaseResult> results = run.run(cases, new RunEvalSet.Candidate("cand", null), progress::add);

        assertEquals(cases.size(), results.size());
        assertEquals(cases.size(), progress.size());
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(cases.get(i).caseId(), results.get(i).caseId());
        }
        assertEquals(CaseStatus.PASS, results.get(0).status());
        assertEquals(CaseStatus.FAIL, results.get(1).status());
        assertEquals(CaseStatus.PASS, results.get(2).status(), "throttled twice, then answered");
        assertEquals(3, results.get(2).attempts());
        assertEquals(CaseStatus.ERROR, results.get(3).status());
        assertEquals(4, results.get(3).attempts());
        assertTrue(results.get(3).reason().startsWith("throttled: still throttled after 4 attempts"));
        assertEquals("model call failed: ValidationException (HTTP 400)", results.get(4).reason());
        assertEquals(CaseStatus.ERROR, results.get(5).status());
        assertEquals("model call failed: IllegalStateException", results.get(5).reason());
        assertTrue(model.maxInFlight.get() <= 3, "at most 3 calls in flight, saw " + model.maxInFlight.get());
        assertTrue(model.maxInFlight.get() >= 2, "calls do run concurrently");
        assertEquals(5, slept.size(), "2 backoffs for p3, 3 for p4");
        slept.forEach(d -> assertTrue(d.toMillis() >= 0 && d.toMillis() <= 250, "capped: " + d));
        assertTrue(model.systems.stream().allMatch("You are a billing assistant."::equals), "each case's own");
    }

    @Test
    void aCandidateSystemPrompt_replacesEachCasesOwn() {
        Scripted model = new Scripted();
        new RunEvalSet(model, EvalCases.judge(), RunEvalSet.Settings.defaults(), d -> { }, new Random(1))
                .run(List.of(c("a", "p1")), new RunEvalSet.Candidate("cand", "Be careful."), r -> { });
        assertEquals(List.of("Be careful."), model.systems);
    }

    @Test
    void backoff_growsWithTheAttempt_upToTheCap() {
        RunEvalSet run = new RunEvalSet(new Scripted(), EvalCases.judge(),
                new RunEvalSet.Settings(1, 10, Duration.ofMillis(100), Duration.ofMillis(1000)), d -> { },
                new Random(3));
        long max1 = 0;
        long max5 = 0;
        for (int i = 0; i < 2000; i++) {
            max1 = Math.max(max1, run.backoff(1).toMillis());
            max5 = Math.max(max5, run.backoff(5).toMillis());
            assertTrue(run.backoff(40).toMillis() <= 1000);
        }
        assertTrue(max1 <= 100 && max1 > 80, "first backoff within the base delay: " + max1);
        assertTrue(max5 <= 1000 && max5 > 900, "fifth capped at the max delay: " + max5);
    }
}
