package dev.secondlook.core.evalrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * One run of the eval set against a candidate (schema: {@code contracts/eval-run.v1.schema.json}): what
 * {@code evalset run --format json} prints, and, without {@code results}, {@code eval-runs/<runId>/summary.json}.
 * Ids, labels, rule ids, counts and hashes only: no prompt, output or system prompt text.
 *
 * @param schema             {@value #SCHEMA}
 * @param runId              sortable by time: {@code yyyyMMdd'T'HHmmssSSS'Z'-<6 hex>}
 * @param modelId            the candidate
 * @param createdAt          when the run ended (ISO-8601)
 * @param policyVersion      the policy the outputs were judged by
 * @param systemPromptSha256 SHA-256 of the candidate system prompt, or null when each case had its own
 * @param promptVersion      the candidate system prompt's version as its owner names it (e.g. {@code support-v8}, what
 *                           an incident's fix names), else its S3 version id, else {@code sha256:<hex>}; null when
 *                           each case had its own
 * @param cases              cases run
 * @param passed             cases that passed
 * @param failed             cases that failed
 * @param errors             cases that ended in error (no verdict)
 * @param byCategory         the same counts per labelled category
 * @param baseline           the comparison with a baseline run, or null
 * @param estimate           tokens (and cost) estimated before the run
 * @param usage              tokens (and cost) the candidate's service counted
 * @param results            one per case, in case order; null in {@code summary.json}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schema", "runId", "modelId", "createdAt", "policyVersion", "systemPromptSha256", "promptVersion", "cases",
        "passed", "failed", "errors", "byCategory", "baseline", "estimate", "usage", "results"})
public record EvalRun(String schema, String runId, String modelId, String createdAt, String policyVersion,
                      String systemPromptSha256, String promptVersion, int cases, int passed, int failed, int errors,
                      List<CategoryCount> byCategory, BaselineComparison baseline, TokenUsage estimate,
                      TokenUsage usage, List<CaseResult> results) {

    public static final String SCHEMA = "secondlook.eval-run/v1";

    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * @param category the category
     * @param cases    cases labelled with it
     * @param passed   of which passed
     * @param failed   of which failed
     * @param errors   of which ended in error
     */
    @JsonPropertyOrder({"category", "cases", "passed", "failed", "errors"})
    public record CategoryCount(String category, int cases, int passed, int failed, int errors) {
    }

    /** A new run id: the time, to the millisecond, then 24 random bits; later runs sort after earlier ones. */
    public static String newRunId(Instant now, RandomGenerator random) {
        return runId(now, String.format("%06x", random.nextInt(1 << 24)));
    }

    /** A run id from its time and 6 lowercase hex digits. */
    public static String runId(Instant time, String sixHex) {
        return RUN_ID_TIME.format(time) + "-" + sixHex;
    }

    /** Whether {@code s} has the shape of a run id ({@code 8 digits T 9 digits Z - 6 hex}), and so is safe in a key. */
    public static boolean isRunId(String s) {
        if (s == null || s.length() != 26 || s.charAt(8) != 'T' || s.charAt(18) != 'Z' || s.charAt(19) != '-') {
            return false;
        }
        for (int i = 0; i < 26; i++) {
            char c = s.charAt(i);
            boolean ok = i < 8 || (i > 8 && i < 18) ? c >= '0' && c <= '9'
                    : i > 19 ? (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') : true;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A run from its results, with the counts computed; its prompt version is the prompt's SHA-256. */
    public static EvalRun of(String runId, String modelId, Instant createdAt, String policyVersion,
                             String systemPromptSha256, List<CaseResult> results, BaselineComparison baseline,
                             TokenUsage estimate, TokenUsage usage) {
        return of(runId, modelId, createdAt, policyVersion, systemPromptSha256, null, results, baseline, estimate,
                usage);
    }

    /**
     * A run from its results, with the counts computed.
     *
     * @param promptVersion the prompt's version label, or null for {@code sha256:<hex>} (when there is a prompt)
     */
    public static EvalRun of(String runId, String modelId, Instant createdAt, String policyVersion,
                             String systemPromptSha256, String promptVersion, List<CaseResult> results,
                             BaselineComparison baseline, TokenUsage estimate, TokenUsage usage) {
        String version = systemPromptSha256 == null ? null
                : promptVersion != null && !promptVersion.isBlank() ? promptVersion : "sha256:" + systemPromptSha256;
        int passed = 0;
        int failed = 0;
        int errors = 0;
        Map<String, int[]> perCategory = new TreeMap<>();
        for (CaseResult r : results) {
            int slot = switch (r.status()) {
                case PASS -> 1;
                case FAIL -> 2;
                case ERROR -> 3;
            };
            switch (r.status()) {
                case PASS -> passed++;
                case FAIL -> failed++;
                case ERROR -> errors++;
            }
            for (String c : r.categories()) {
                int[] counts = perCategory.computeIfAbsent(c, k -> new int[4]);
                counts[0]++;
                counts[slot]++;
            }
        }
        List<CategoryCount> byCategory = new ArrayList<>();
        perCategory.forEach((c, n) -> byCategory.add(new CategoryCount(c, n[0], n[1], n[2], n[3])));
        return new EvalRun(SCHEMA, runId, modelId, createdAt.toString(), policyVersion, systemPromptSha256, version,
                results.size(), passed, failed, errors, byCategory, baseline, estimate, usage, List.copyOf(results));
    }

    /** The run as {@code summary.json} keeps it: everything but the results, which are in {@code results.jsonl}. */
    public EvalRun summary() {
        return new EvalRun(schema, runId, modelId, createdAt, policyVersion, systemPromptSha256, promptVersion, cases,
                passed, failed, errors, byCategory, baseline, estimate, usage, null);
    }

    /** The same run with its results (read back from {@code results.jsonl}). */
    public EvalRun withResults(List<CaseResult> caseResults) {
        return new EvalRun(schema, runId, modelId, createdAt, policyVersion, systemPromptSha256, promptVersion, cases,
                passed, failed, errors, byCategory, baseline, estimate, usage, List.copyOf(caseResults));
    }
}
