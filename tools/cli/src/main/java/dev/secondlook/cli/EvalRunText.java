package dev.secondlook.cli;

import dev.secondlook.core.evalrun.BaselineComparison;
import dev.secondlook.core.evalrun.CaseResult;
import dev.secondlook.core.evalrun.CaseStatus;
import dev.secondlook.core.evalrun.EvalRun;
import dev.secondlook.core.evalrun.TokenUsage;

import java.util.List;
import java.util.Locale;

/** An eval run for a person: counts, per category, the comparison with the baseline, each failure and error. */
final class EvalRunText {

    private EvalRunText() {
    }

    static String render(EvalRun run) {
        StringBuilder b = new StringBuilder();
        b.append("eval run ").append(run.runId()).append(" against ").append(ReviewText.safe(run.modelId()))
                .append('\n');
        b.append("  policy ").append(run.policyVersion()).append(", system prompt ")
                .append(run.systemPromptSha256() == null ? "each case's own"
                        : ReviewText.safe(run.promptVersion()) + " (sha256:" + run.systemPromptSha256() + ")")
                .append('\n');
        b.append(String.format(Locale.ROOT, "  %d cases: %d passed, %d failed, %d errors%n", run.cases(),
                run.passed(), run.failed(), run.errors()));
        for (EvalRun.CategoryCount c : run.byCategory()) {
            b.append(String.format(Locale.ROOT, "    %-26s %4d cases %4d passed %4d failed %4d errors%n",
                    ReviewText.safe(c.category()), c.cases(), c.passed(), c.failed(), c.errors()));
        }
        BaselineComparison base = run.baseline();
        if (base != null) {
            b.append(String.format(Locale.ROOT, "  against %s (%d pairs): %d fixed, %d still failing, %d newly "
                            + "failing; exact McNemar p = %.4g%n", base.runId(), base.pairs(), base.fixed().size(),
                    base.stillFailing().size(), base.newFailures().size(), base.mcnemarP()));
            for (BaselineComparison.CategoryChange c : base.byCategory()) {
                b.append(String.format(Locale.ROOT, "    %-26s %4d fixed %4d still failing %4d newly failing%n",
                        ReviewText.safe(c.category()), c.fixed(), c.stillFailing(), c.newFailures()));
            }
            ids(b, "newly failing", base.newFailures());
            ids(b, "fixed", base.fixed());
        }
        for (CaseResult r : run.results()) {
            if (r.status() != CaseStatus.PASS) {
                b.append("  ").append(r.status().wireName()).append(' ').append(ReviewText.safe(r.caseId()))
                        .append(' ').append(ReviewText.safe(r.categories().toString())).append(": ")
                        .append(ReviewText.safe(r.reason()))
                        .append(r.rules().isEmpty() ? "" : " (" + ReviewText.safe(String.join(", ", r.rules())) + ")")
                        .append('\n');
            }
        }
        b.append("  estimate ").append(usage(run.estimate())).append("; used ").append(usage(run.usage()))
                .append('\n');
        return b.toString();
    }

    private static void ids(StringBuilder b, String what, List<String> ids) {
        if (!ids.isEmpty()) {
            b.append("    ").append(what).append(": ").append(ReviewText.safe(String.join(", ", ids))).append('\n');
        }
    }

    static String usage(TokenUsage u) {
        if (u == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%d call(s), %d input + %d output tokens%s", u.calls(), u.inputTokens(),
                u.outputTokens(), u.costUsd() == null ? " (no price given)"
                        : String.format(Locale.ROOT, ", $%.4f", u.costUsd()));
    }
}
