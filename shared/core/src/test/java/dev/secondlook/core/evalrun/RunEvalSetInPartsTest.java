package dev.secondlook.core.evalrun;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.feedback.EvalCase;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunEvalSetInPartsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PARAM = "/secondlook/test/candidate";

    /** The ports in memory: parameter, prompts, cases, parts, queue, runs, notices. */
    private static final class World implements CandidateSource, EvalCaseCatalog, EvalRunParts, EvalRunTasks,
            EvalRunStore, EvalRunNotices, CandidateModel {
        String parameter = "{\"modelId\":\"cand-a\"}";
        long version = 1;
        final Map<String, String> prompts = new HashMap<>();
        final TreeMap<String, EvalCase> cases = new TreeMap<>();
        final Map<String, EvalRunPlan> plans = new HashMap<>();
        final Map<String, List<CaseResult>> partsWritten = new HashMap<>();
        final List<String> queue = new ArrayList<>();
        final TreeMap<String, EvalRun> runs = new TreeMap<>();
        final List<EvalRunNotice> notices = new ArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        final Map<String, String> answers = new HashMap<>();
        final List<String> systems = new ArrayList<>();

        @Override
        public Current current(String parameterName) {
            assertEquals(PARAM, parameterName);
            return new Current(CandidateSpec.parse(parameter, MAPPER), version);
        }

        @Override
        public String systemPrompt(String s3Uri, String versionId) {
            String p = prompts.get(s3Uri);
            if (p == null) {
                throw new IllegalArgumentException("no such object " + s3Uri);
            }
            return p;
        }

        @Override
        public List<String> caseIds() {
            return List.copyOf(cases.keySet());
        }

        @Override
        public Optional<EvalCase> get(String caseId) {
            return Optional.ofNullable(cases.get(caseId));
        }

        @Override
        public void putPlan(EvalRunPlan plan) {
            plans.put(plan.runId(), plan);
        }

        @Override
        public Optional<EvalRunPlan> plan(String runId) {
            return Optional.ofNullable(plans.get(runId));
        }

        @Override
        public void putPart(String runId, int part, List<CaseResult> results) {
            partsWritten.put(runId + "/" + part, List.copyOf(results));
        }

        @Override
        public Optional<List<CaseResult>> part(String runId, int part) {
            return Optional.ofNullable(partsWritten.get(runId + "/" + part));
        }

        @Override
        public int partsWritten(String runId) {
            return (int) partsWritten.keySet().stream().filter(k -> k.startsWith(runId + "/")).count();
        }

        @Override
        public void send(String runId, List<Integer> parts) {
            parts.forEach(p -> queue.add(runId + "#" + p));
        }

        @Override
        public void save(EvalRun run) {
            runs.put(run.runId(), run);
        }

        @Override
        public Optional<String> latestRunId() {
            return runs.isEmpty() ? Optional.empty() : Optional.of(runs.lastKey());
        }

        @Override
        public Optional<EvalRun> load(String runId) {
            return Optional.ofNullable(runs.get(runId));
        }

        @Override
        public void publish(EvalRunNotice notice) {
            notices.add(notice);
        }

        @Override
        public Reply converse(String modelId, String systemPrompt, String prompt) {
            calls.incrementAndGet();
            synchronized (systems) {
                systems.add(systemPrompt);
            }
            return new Reply(answers.getOrDefault(modelId + "|" + prompt, "A specialist will follow up."), "end_turn",
                    10, 5);
        }

        RunEvalSetInParts workflow() {
            return new RunEvalSetInParts(this, this, this, this, this, this, this, EvalCases.judge(),
                    () -> d -> { }, Clock.fixed(Instant.parse("2026-11-30T08:00:00Z"), ZoneOffset.UTC),
                    new RunEvalSetInParts.Settings(2, new RunEvalSet.Settings(2, 3, Duration.ZERO, Duration.ZERO),
                            1024, ReleaseGate.Mode.NEW_FAILURES, 0.05, "s3://eval/eval-runs/"));
        }

        /** Hands every queued task to a worker, as the queue's event source would, and returns their outcomes. */
        List<RunEvalSetInParts.Outcome> drain(RunEvalSetInParts w) {
            List<RunEvalSetInParts.Outcome> out = new ArrayList<>();
            while (!queue.isEmpty()) {
                String[] task = queue.remove(0).split("#");
                out.add(w.runPart(task[0], Integer.parseInt(task[1])));
            }
            return out;
        }
    }

    private static World world() {
        World w = new World();
        for (String id : List.of("c1", "c2", "c3", "c4", "c5")) {
            w.cases.put(id, EvalCases.of(id, "prompt " + id, "I have issued a full refund.", List.of("commitment"),
                    List.of("commitment-promise")));
        }
        return w;
    }

    @Test
    void aChange_startsARunInParts_theLastPartFinishesIt_once() {
        World w = world();
        w.answers.put("cand-a|prompt c2", "I will refund you now.");
        RunEvalSetInParts flow = w.workflow();
        RunEvalSetInParts.Outcome started = flow.start("event-1", Instant.parse("2026-11-30T07:59:00Z"), PARAM);
        assertEquals(RunEvalSetInParts.Outcome.Kind.STARTED, started.kind(), started.detail());
        assertTrue(started.runId().startsWith("20261130T075900000Z-"));
        assertEquals(3, w.queue.size(), "5 cases in parts of 2");
        assertEquals(5, w.plans.get(started.runId()).estimate().calls());

        List<RunEvalSetInParts.Outcome> ran = w.drain(flow);
        assertEquals(List.of(RunEvalSetInParts.Outcome.Kind.RAN, RunEvalSetInParts.Outcome.Kind.RAN,
                RunEvalSetInParts.Outcome.Kind.FINISHED), ran.stream().map(RunEvalSetInParts.Outcome::kind).toList());
        EvalRun run = w.runs.get(started.runId());
        assertEquals(List.of("c1", "c2", "c3", "c4", "c5"), run.results().stream().map(CaseResult::caseId).toList());
        assertEquals(4, run.passed());
        assertEquals(1, run.failed());
        assertEquals(1, w.notices.size());
        EvalRunNotice notice = w.notices.get(0);
        assertEquals("pass", notice.gate(), "no baseline: nothing is new");
        assertEquals("s3://eval/eval-runs/" + started.runId() + "/summary.json", notice.reportUri());
        assertEquals(5, w.calls.get());

        // the same event again, and a task delivered again: nothing runs twice, nothing is announced twice
        assertEquals(RunEvalSetInParts.Outcome.Kind.SKIPPED,
                flow.start("event-1", Instant.parse("2026-11-30T07:59:00Z"), PARAM).kind());
        assertEquals(RunEvalSetInParts.Outcome.Kind.RAN, flow.runPart(started.runId(), 2).kind());
        assertEquals(5, w.calls.get());
        assertEquals(1, w.notices.size());
    }

    @Test
    void theNextChange_isComparedWithTheLatestRun_andBlocksOnANewFailure() {
        World w = world();
        RunEvalSetInParts flow = w.workflow();
        flow.start("event-1", Instant.parse("2026-11-30T07:00:00Z"), PARAM);
        w.drain(flow);
        w.parameter = "{\"modelId\":\"cand-b\",\"systemPromptS3Uri\":\"s3://eval/candidates/v2.txt\"}";
        w.prompts.put("s3://eval/candidates/v2.txt", "Be careful.");
        w.version = 2;
        w.answers.put("cand-b|prompt c4", "Sure, I will refund you today.");
        RunEvalSetInParts.Outcome second = flow.start("event-2", Instant.parse("2026-11-30T07:30:00Z"), PARAM);
        w.drain(flow);
        EvalRun run = w.runs.get(second.runId());
        assertEquals(List.of("c4"), run.baseline().newFailures());
        assertEquals("cand-b", run.modelId());
        assertEquals(RunEvalSetInParts.sha256("Be careful."), run.systemPromptSha256());
        assertEquals("block", w.notices.get(1).gate());
        assertEquals(1, w.notices.get(1).newFailures());
        assertTrue(w.systems.subList(5, 10).stream().allMatch("Be careful."::equals));
    }

    @Test
    void aParameterThatIsNoCandidate_isRejectedOrSkipped_withoutARun() {
        World w = world();
        RunEvalSetInParts flow = w.workflow();
        w.parameter = "not json";
        RunEvalSetInParts.Outcome bad = flow.start("e", Instant.parse("2026-11-30T07:00:00Z"), PARAM);
        assertEquals(RunEvalSetInParts.Outcome.Kind.REJECTED, bad.kind());
        assertTrue(bad.detail().contains("not JSON"));
        w.parameter = "{\"modelId\":\"\"}";
        assertEquals(RunEvalSetInParts.Outcome.Kind.SKIPPED,
                flow.start("e2", Instant.parse("2026-11-30T07:00:00Z"), PARAM).kind());
        w.parameter = "{\"modelId\":\"m\",\"systemPromptS3Uri\":\"s3://eval/candidates/missing.txt\"}";
        assertEquals(RunEvalSetInParts.Outcome.Kind.REJECTED,
                flow.start("e3", Instant.parse("2026-11-30T07:00:00Z"), PARAM).kind());
        assertEquals(RunEvalSetInParts.Outcome.Kind.REJECTED, flow.runPart("20261130T070000000Z-abcdef", 0).kind());
        assertEquals(RunEvalSetInParts.Outcome.Kind.REJECTED, flow.runPart("../x", 0).kind());
        assertTrue(w.queue.isEmpty());
        assertEquals(0, w.calls.get());
    }

    @Test
    void aSystemPromptChangedUnderARun_makesItsCasesErrors_notPasses() {
        World w = world();
        w.parameter = "{\"modelId\":\"cand-a\",\"systemPromptS3Uri\":\"s3://eval/candidates/p.txt\"}";
        w.prompts.put("s3://eval/candidates/p.txt", "v1");
        RunEvalSetInParts flow = w.workflow();
        flow.start("e", Instant.parse("2026-11-30T07:00:00Z"), PARAM);
        w.prompts.put("s3://eval/candidates/p.txt", "v2");
        w.drain(flow);
        EvalRun run = w.runs.values().iterator().next();
        assertEquals(5, run.errors());
        assertTrue(run.results().get(0).reason().contains("changed since the run started"));
        assertEquals("block", w.notices.get(0).gate());
    }
}
