package dev.secondlook.core.evalrun;

import dev.secondlook.core.feedback.EvalCase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Runs eval cases against a candidate: each case's prompt goes to the candidate with the candidate's system prompt
 * (else the case's own), and its reply is judged by the current policy.
 *
 * <p>Contract: every case comes out as exactly one {@link CaseResult}, in the order of the cases: pass, fail, or
 * error with a reason. At most {@link Settings#concurrency()} calls are in flight. A throttled call is retried
 * after a backoff with full jitter (base delay doubled per attempt, capped) up to {@link Settings#maxAttempts()}
 * calls; a case still throttled then, a failed call ({@link ModelCallException}), any other failure of the port,
 * or a judge over its budget ends as an error - never as a pass. Never throws for a case.
 */
public final class RunEvalSet {

    /**
     * @param concurrency most calls in flight, at least 1
     * @param maxAttempts most calls per case when throttled, at least 1
     * @param baseDelay   backoff before the second attempt (before jitter)
     * @param maxDelay    longest backoff
     */
    public record Settings(int concurrency, int maxAttempts, Duration baseDelay, Duration maxDelay) {

        public Settings {
            if (concurrency < 1 || concurrency > 256) {
                throw new IllegalArgumentException("concurrency must be 1..256, got " + concurrency);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            }
            if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
                throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
            }
        }

        /** 4 in flight; 6 attempts, 0.5 s doubling to at most 20 s. */
        public static Settings defaults() {
            return new Settings(4, 6, Duration.ofMillis(500), Duration.ofSeconds(20));
        }
    }

    /**
     * @param modelId      the candidate's model id
     * @param systemPrompt the candidate system prompt, or null to give each case its own
     */
    public record Candidate(String modelId, String systemPrompt) {
    }

    /** How a backoff waits (tests wait for nothing and record the delays). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final CandidateModel model;
    private final JudgeCandidateOutput judge;
    private final Settings settings;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public RunEvalSet(CandidateModel model, JudgeCandidateOutput judge, Settings settings, Sleeper sleeper,
                      RandomGenerator random) {
        this.model = model;
        this.judge = judge;
        this.settings = settings;
        this.sleeper = sleeper;
        this.random = random;
    }

    /**
     * @param progress told of each result as it ends (from worker threads, one at a time)
     * @return one result per case, in case order
     */
    public List<CaseResult> run(List<EvalCase> cases, Candidate candidate, Consumer<CaseResult> progress) {
        ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "eval-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CaseResult>> futures = new ArrayList<>(cases.size());
            for (EvalCase c : cases) {
                futures.add(pool.submit(() -> {
                    CaseResult r = runOne(c, candidate);
                    synchronized (progress) {
                        progress.accept(r);
                    }
                    return r;
                }));
            }
            List<CaseResult> results = new ArrayList<>(cases.size());
            for (int i = 0; i < futures.size(); i++) {
                results.add(await(futures.get(i), cases.get(i)));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static CaseResult await(Future<CaseResult> f, EvalCase c) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CaseResult.error(c.caseId(), c.labels(), "interrupted", 0);
        } catch (ExecutionException e) {
            return CaseResult.error(c.caseId(), c.labels(), "failed: " + e.getCause().getClass().getSimpleName(), 0);
        }
    }

    private CaseResult runOne(EvalCase c, Candidate candidate) {
        String system = candidate.systemPrompt() != null ? candidate.systemPrompt()
                : c.systemPrompt() == null ? "" : c.systemPrompt();
        String prompt = c.prompt() == null ? "" : c.prompt();
        int attempt = 0;
        while (true) {
            attempt++;
            CandidateModel.Reply reply;
            try {
                reply = model.converse(candidate.modelId(), system, prompt);
            } catch (ModelThrottledException e) {
                if (attempt >= settings.maxAttempts()) {
                    return CaseResult.error(c.caseId(), c.labels(), "throttled: still throttled after " + attempt
                            + " attempts (" + e.getMessage() + ")", attempt);
                }
                try {
                    sleeper.sleep(backoff(attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return CaseResult.error(c.caseId(), c.labels(), "interrupted while backing off", attempt);
                }
                continue;
            } catch (ModelCallException e) {
                return CaseResult.error(c.caseId(), c.labels(), "model call failed: " + e.getMessage(), attempt);
            } catch (RuntimeException e) {
                return CaseResult.error(c.caseId(), c.labels(), "model call failed: "
                        + e.getClass().getSimpleName(), attempt);
            }
            return judge.judge(c, candidate.modelId(), system, reply, attempt);
        }
    }

    /** Full jitter: uniform in [0, min(maxDelay, baseDelay * 2^(attempt-1))]. */
    Duration backoff(int attempt) {
        long base = settings.baseDelay().toMillis();
        long cap = settings.maxDelay().toMillis();
        long ceiling = attempt >= 31 ? cap : Math.min(cap, base << (attempt - 1));
        return Duration.ofMillis(ceiling <= 0 ? 0 : random.nextLong(ceiling + 1));
    }
}
