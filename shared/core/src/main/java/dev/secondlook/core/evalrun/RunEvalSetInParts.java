package dev.secondlook.core.evalrun;

import dev.secondlook.core.feedback.EvalCase;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The automatic eval run: a change of the candidate parameter starts a run ({@link #start}), which is split into
 * parts handed to workers through a queue ({@link #runPart}); the worker that writes the last part finishes the
 * run: results and summary kept like {@code evalset run}'s, compared with the latest complete run, and a notice
 * (counts only) published.
 *
 * <p>Idempotent under redelivery: the run id derives from the change event's id and time, so the same event
 * starts the same run; a part already written is not run again; a finished run is not finished again. A finish
 * cut short before its summary is redone by the redelivered task, so its notice may be published twice (it
 * carries a stable notice id), never not at all.
 *
 * <p>What it throws: {@link dev.secondlook.core.failure.StoreUnavailableException} from a port (the message is
 * redelivered); bad input (a parameter that is not a candidate, a task for an unknown run) is an
 * {@link Outcome.Kind#REJECTED} outcome with its reason, not an exception.
 */
public final class RunEvalSetInParts {

    /**
     * @param partSize    cases per part (one worker invocation)
     * @param run         concurrency and backoff inside one part
     * @param maxTokens   most output tokens per call (for the estimate; the model adapter applies it)
     * @param gate        what makes the notice say block
     * @param alpha       its significance level
     * @param reportsUri  {@code s3://<eval bucket>/eval-runs/}, to name the report in the notice
     */
    public record Settings(int partSize, RunEvalSet.Settings run, int maxTokens, ReleaseGate.Mode gate, double alpha,
                           String reportsUri) {

        public Settings {
            if (partSize < 1) {
                throw new IllegalArgumentException("partSize must be at least 1");
            }
        }
    }

    /** What a call did. */
    public record Outcome(Kind kind, String runId, String detail) {
        public enum Kind { STARTED, SKIPPED, REJECTED, RAN, FINISHED }
    }

    private final CandidateSource candidates;
    private final EvalCaseCatalog catalog;
    private final EvalRunParts parts;
    private final EvalRunTasks tasks;
    private final EvalRunStore runs;
    private final EvalRunNotices notices;
    private final Supplier<RunEvalSet.Sleeper> sleeper;
    private final CandidateModel model;
    private final JudgeCandidateOutput judge;
    private final Clock clock;
    private final Settings settings;

    public RunEvalSetInParts(CandidateSource candidates, EvalCaseCatalog catalog, EvalRunParts parts,
                             EvalRunTasks tasks, EvalRunStore runs, EvalRunNotices notices, CandidateModel model,
                             JudgeCandidateOutput judge, Supplier<RunEvalSet.Sleeper> sleeper, Clock clock,
                             Settings settings) {
        this.candidates = candidates;
        this.catalog = catalog;
        this.parts = parts;
        this.tasks = tasks;
        this.runs = runs;
        this.notices = notices;
        this.model = model;
        this.judge = judge;
        this.sleeper = sleeper;
        this.clock = clock;
        this.settings = settings;
    }

    /** The run id a change event starts: its time, then 24 bits of a hash of its id. */
    public static String runIdOf(String eventId, Instant eventTime) {
        return EvalRun.runId(eventTime, sha256(eventId).substring(0, 6));
    }

    /**
     * Starts the run a change of the candidate parameter asks for: reads the candidate, plans the parts (every eval
     * case, in id order) and queues one task per part not yet written.
     */
    public Outcome start(String eventId, Instant eventTime, String parameterName) {
        String runId = runIdOf(eventId, eventTime);
        if (runs.load(runId).isPresent()) {
            return new Outcome(Outcome.Kind.SKIPPED, runId, "already finished");
        }
        Optional<EvalRunPlan> planned = parts.plan(runId);
        EvalRunPlan plan;
        if (planned.isPresent()) {
            plan = planned.get();
        } else {
            CandidateSource.Current current;
            String systemPrompt;
            try {
                current = candidates.current(parameterName);
                if (!current.spec().present()) {
                    return new Outcome(Outcome.Kind.SKIPPED, runId, "no candidate in " + parameterName);
                }
                systemPrompt = current.spec().systemPromptS3Uri() == null ? null
                        : candidates.systemPrompt(current.spec().systemPromptS3Uri(),
                        current.spec().systemPromptVersionId());
            } catch (IllegalArgumentException e) {
                return new Outcome(Outcome.Kind.REJECTED, runId, e.getMessage());
            }
            List<String> ids = catalog.caseIds();
            if (ids.isEmpty()) {
                return new Outcome(Outcome.Kind.SKIPPED, runId, "no eval cases");
            }
            List<EvalCase> forEstimate = new ArrayList<>();
            List<List<String>> chunks = new ArrayList<>();
            for (int i = 0; i < ids.size(); i += settings.partSize()) {
                chunks.add(ids.subList(i, Math.min(ids.size(), i + settings.partSize())));
            }
            TokenUsage estimate = TokenUsage.of(0, 0, 0, null);
            for (String id : ids) {
                Optional<EvalCase> c = catalog.get(id);
                if (c.isPresent()) {
                    forEstimate.add(c.get());
                }
                if (forEstimate.size() == 500) {
                    estimate = estimate.plus(TokenUsage.estimate(forEstimate, systemPrompt, settings.maxTokens(), null));
                    forEstimate.clear();
                }
            }
            estimate = estimate.plus(TokenUsage.estimate(forEstimate, systemPrompt, settings.maxTokens(), null));
            plan = new EvalRunPlan(EvalRunPlan.SCHEMA, runId, parameterName, current.version(), current.spec(),
                    systemPrompt == null ? null : sha256(systemPrompt), chunks,
                    new TokenUsage(ids.size(), estimate.inputTokens(), estimate.outputTokens(), null));
            parts.putPlan(plan);
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < plan.parts().size(); i++) {
            if (parts.part(runId, i).isEmpty()) {
                missing.add(i);
            }
        }
        tasks.send(runId, missing);
        return new Outcome(Outcome.Kind.STARTED, runId, plan.caseCount() + " case(s) in " + plan.parts().size()
                + " part(s), " + missing.size() + " queued");
    }

    /** Runs one part (unless it is written already), then finishes the run if it was the last. */
    public Outcome runPart(String runId, int part) {
        if (!EvalRun.isRunId(runId)) {
            return new Outcome(Outcome.Kind.REJECTED, null, "not a run id");
        }
        Optional<EvalRunPlan> planned = parts.plan(runId);
        if (planned.isEmpty() || part < 0 || part >= planned.get().parts().size()) {
            return new Outcome(Outcome.Kind.REJECTED, runId, "no part " + part + " in a plan of run " + runId);
        }
        EvalRunPlan plan = planned.get();
        if (parts.part(runId, part).isEmpty()) {
            parts.putPart(runId, part, run(plan, plan.parts().get(part)));
        }
        return finish(plan, part);
    }

    private List<CaseResult> run(EvalRunPlan plan, List<String> ids) {
        CandidateSpec spec = plan.candidate();
        String systemPrompt = null;
        String promptProblem = null;
        if (spec.systemPromptS3Uri() != null) {
            try {
                systemPrompt = candidates.systemPrompt(spec.systemPromptS3Uri(), spec.systemPromptVersionId());
                if (!sha256(systemPrompt).equals(plan.systemPromptSha256())) {
                    promptProblem = "the candidate system prompt changed since the run started (pin "
                            + "systemPromptVersionId)";
                }
            } catch (IllegalArgumentException e) {
                promptProblem = "candidate system prompt: " + e.getMessage();
            }
        }
        List<EvalCase> cases = new ArrayList<>();
        List<CaseResult> gone = new ArrayList<>();
        for (String id : ids) {
            Optional<EvalCase> c = catalog.get(id);
            if (c.isEmpty()) {
                gone.add(CaseResult.error(id, List.of(), "the eval case was deleted during the run", 0));
            } else if (promptProblem != null) {
                gone.add(CaseResult.error(id, c.get().labels(), promptProblem, 0));
            } else {
                cases.add(c.get());
            }
        }
        List<CaseResult> ran = new RunEvalSet(model, judge, settings.run(), sleeper.get(),
                new java.security.SecureRandom()).run(cases, new RunEvalSet.Candidate(spec.modelId(), systemPrompt),
                r -> { });
        // back in the plan's order
        List<CaseResult> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            ran.stream().filter(r -> r.caseId().equals(id)).findFirst()
                    .or(() -> gone.stream().filter(r -> r.caseId().equals(id)).findFirst())
                    .ifPresent(out::add);
        }
        return out;
    }

    private Outcome finish(EvalRunPlan plan, int part) {
        String runId = plan.runId();
        if (runs.load(runId).isPresent()) {
            return new Outcome(Outcome.Kind.RAN, runId, "part " + part + "; the run was finished already");
        }
        int written = parts.partsWritten(runId);
        if (written < plan.parts().size()) {
            return new Outcome(Outcome.Kind.RAN, runId, "part " + part + "; " + written + " of "
                    + plan.parts().size() + " parts written");
        }
        List<CaseResult> results = new ArrayList<>(plan.caseCount());
        for (int i = 0; i < plan.parts().size(); i++) {
            int n = i;
            results.addAll(parts.part(runId, i).orElseThrow(() -> new IllegalStateException(
                    "part " + n + " of run " + runId + " was counted but cannot be read")));
        }
        EvalRun baseline = runs.latestRunId().filter(id -> !id.equals(runId)).flatMap(runs::load).orElse(null);
        BaselineComparison comparison = baseline == null ? null
                : BaselineComparison.compare(baseline.runId(), results, baseline.results());
        CandidateSpec spec = plan.candidate();
        EvalRun run = EvalRun.of(runId, spec.modelId(), clock.instant(), judge.policyVersion(),
                plan.systemPromptSha256(), spec.promptVersion() != null ? spec.promptVersion()
                        : spec.systemPromptVersionId(), results, comparison, plan.estimate(),
                TokenUsage.actual(results, null));
        boolean blocked = !ReleaseGate.blocking(run, settings.gate(), settings.alpha()).isEmpty();
        // the notice before the summary: a finish cut short in between is redone, so the notice may come twice
        // (with the same notice id), never not at all
        notices.publish(EvalRunNotice.of(run, blocked, settings.reportsUri() + runId + "/summary.json"));
        runs.save(run);
        return new Outcome(Outcome.Kind.FINISHED, runId, run.passed() + " passed, " + run.failed() + " failed, "
                + run.errors() + " errors; gate " + (blocked ? "block" : "pass"));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
