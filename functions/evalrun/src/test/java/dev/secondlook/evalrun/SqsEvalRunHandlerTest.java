package dev.secondlook.evalrun;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.HandlerParams;
import com.amazonaws.services.lambda.runtime.tests.annotations.Response;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.evalrun.CandidateModel;
import dev.secondlook.core.evalrun.CandidateSource;
import dev.secondlook.core.evalrun.CandidateSpec;
import dev.secondlook.core.evalrun.CaseResult;
import dev.secondlook.core.evalrun.EvalCaseCatalog;
import dev.secondlook.core.evalrun.EvalRun;
import dev.secondlook.core.evalrun.EvalRunNotice;
import dev.secondlook.core.evalrun.EvalRunNotices;
import dev.secondlook.core.evalrun.EvalRunParts;
import dev.secondlook.core.evalrun.EvalRunPlan;
import dev.secondlook.core.evalrun.EvalRunStore;
import dev.secondlook.core.evalrun.EvalRunTasks;
import dev.secondlook.core.evalrun.JudgeCandidateOutput;
import dev.secondlook.core.evalrun.ReleaseGate;
import dev.secondlook.core.evalrun.RunEvalSet;
import dev.secondlook.core.evalrun.RunEvalSetInParts;
import dev.secondlook.core.feedback.EvalCase;
import dev.secondlook.core.judge.JudgeBudget;
import dev.secondlook.core.judge.RecordJudge;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.PolicyLoader;
import org.junit.jupiter.params.ParameterizedTest;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EvalRunFunction's handler fed the wire-format SQS batch in events/ (a candidate-parameter change as EventBridge
 * delivers it, a change of another parameter, a task of an unknown run, and an unreadable body), wired with
 * in-memory ports: no emulator.
 */
class SqsEvalRunHandlerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Every port of the automatic run in memory. */
    static final class Ports implements CandidateSource, EvalCaseCatalog, EvalRunParts, EvalRunTasks, EvalRunStore,
            EvalRunNotices, CandidateModel {
        final TreeMap<String, EvalCase> cases = new TreeMap<>();
        final Map<String, EvalRunPlan> plans = new HashMap<>();
        final Map<String, List<CaseResult>> parts = new HashMap<>();
        final List<String> tasks = new ArrayList<>();
        final TreeMap<String, EvalRun> runs = new TreeMap<>();
        final List<EvalRunNotice> notices = new ArrayList<>();

        @Override
        public Current current(String parameterName) {
            return new Current(CandidateSpec.parse("{\"modelId\":\"cand\"}", MAPPER), 3);
        }

        @Override
        public String systemPrompt(String s3Uri, String versionId) {
            throw new IllegalArgumentException("none");
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
            parts.put(runId + "/" + part, results);
        }

        @Override
        public Optional<List<CaseResult>> part(String runId, int part) {
            return Optional.ofNullable(parts.get(runId + "/" + part));
        }

        @Override
        public int partsWritten(String runId) {
            return (int) parts.keySet().stream().filter(k -> k.startsWith(runId + "/")).count();
        }

        @Override
        public void send(String runId, List<Integer> queued) {
            queued.forEach(p -> tasks.add(runId + "#" + p));
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
            return new Reply("A specialist will follow up.", "end_turn", 10, 5);
        }
    }

    private final Ports ports = new Ports();
    private final SqsEvalRunHandler handler;

    SqsEvalRunHandlerTest() {
        EvalRunConfig config = EvalRunConfig.fromEnv(Map.of("AWS_REGION", "us-east-1", "EVAL_BUCKET", "eval",
                "CANDIDATE_PARAMETER", "/secondlook/secondlook/candidate", "EVAL_RUN_QUEUE_URL", "https://q",
                "ESCALATION_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:t"));
        RunEvalSetInParts workflow = new RunEvalSetInParts(ports, ports, ports, ports, ports, ports, ports,
                new JudgeCandidateOutput(new RecordJudge(RecordNormalizer.offline(), PolicyLoader.loadDefault(),
                        JudgeBudget.defaults(), MAPPER)), () -> d -> { },
                Clock.fixed(Instant.parse("2026-11-30T07:06:00Z"), ZoneOffset.UTC),
                new RunEvalSetInParts.Settings(10, RunEvalSet.Settings.defaults(), 1024,
                        ReleaseGate.Mode.NEW_FAILURES, 0.05, "s3://eval/eval-runs/"));
        handler = new SqsEvalRunHandler(new EvalRunWiring(workflow, config, MAPPER));
        for (int i = 1; i <= 12; i++) {
            String id = "case-" + i;
            ports.cases.put(id, new EvalCase(EvalCase.SCHEMA, id, "Refund?", "", "I have issued a full refund.", null,
                    List.of("commitment"), "review", null, new EvalCase.Provenance(id, "s3://b/k#L1", "m", "r",
                    "sha256:x", List.of("commitment-promise"), "alice", "2026-11-01T00:00:00Z"),
                    new EvalCase.Masking(List.of(), List.of()), null));
        }
    }

    @ParameterizedTest
    @HandlerParams(
            event = @Event(value = "../../events/sqs-eval-run-batch.json", type = SQSEvent.class),
            response = @Response(value = "../../events/responses/sqs-eval-run-batch.unreadable.json",
                    type = SQSBatchResponse.class))
    void theCandidateChange_startsARun_otherChangesAndUnknownRunsAreAcknowledged_garbageFails(
            SQSEvent event, SQSBatchResponse expected) {
        assertEquals(expected, handler.handleRequest(event, null));
        assertEquals(1, ports.plans.size(), "the change of another parameter starts nothing");
        String runId = ports.plans.keySet().iterator().next();
        assertTrue(runId.startsWith("20261130T070500000Z-"), runId);
        assertEquals(List.of(runId + "#0", runId + "#1"), ports.tasks, "12 cases in parts of 10");
        assertEquals(3, ports.plans.get(runId).parameterVersion());
        assertTrue(ports.runs.isEmpty(), "nothing ran yet: the parts are on the queue");
    }
}
