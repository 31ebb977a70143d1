package dev.secondlook.core.evalrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The notice an automatic eval run publishes on the escalation topic when it ends (schema:
 * {@code contracts/eval-run-notice.v1.schema.json}): counts, the comparison's counts and where the report is; no
 * text, no case ids. Message attributes {@code severity=notice}, {@code category=eval-run}: a pager subscribed with
 * the filter {@code {"severity":["page"]}} is not paged by it.
 *
 * @param schema        {@value #SCHEMA}
 * @param noticeId      stable per run ({@code eval-run#<runId>}), for de-duplication: a redelivered finish may
 *                      publish twice
 * @param runId         the run
 * @param modelId       the candidate
 * @param gate          {@code pass} or {@code block}: what {@code evalset run} would exit with
 * @param cases         cases run
 * @param passed        passed
 * @param failed        failed
 * @param errors        ended in error
 * @param baselineRunId the run compared with, or null when there was none
 * @param fixed         cases fixed against it
 * @param newFailures   cases newly failing against it
 * @param mcnemarP      the exact McNemar p-value, or null without a baseline
 * @param reportUri     {@code s3://<eval bucket>/eval-runs/<runId>/summary.json}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schema", "noticeId", "runId", "modelId", "gate", "cases", "passed", "failed", "errors",
        "baselineRunId", "fixed", "newFailures", "mcnemarP", "reportUri"})
public record EvalRunNotice(String schema, String noticeId, String runId, String modelId, String gate, int cases,
                            int passed, int failed, int errors, String baselineRunId, int fixed, int newFailures,
                            Double mcnemarP, String reportUri) {

    public static final String SCHEMA = "secondlook.eval-run-notice/v1";

    public static EvalRunNotice of(EvalRun run, boolean blocked, String reportUri) {
        BaselineComparison b = run.baseline();
        return new EvalRunNotice(SCHEMA, "eval-run#" + run.runId(), run.runId(), run.modelId(),
                blocked ? "block" : "pass", run.cases(), run.passed(), run.failed(), run.errors(),
                b == null ? null : b.runId(), b == null ? 0 : b.fixed().size(), b == null ? 0 : b.newFailures().size(),
                b == null ? null : b.mcnemarP(), reportUri);
    }
}
