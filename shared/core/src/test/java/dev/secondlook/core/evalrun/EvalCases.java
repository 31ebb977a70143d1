package dev.secondlook.core.evalrun;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secondlook.core.feedback.EvalCase;
import dev.secondlook.core.judge.JudgeBudget;
import dev.secondlook.core.judge.RecordJudge;
import dev.secondlook.core.normalize.RecordNormalizer;
import dev.secondlook.core.policy.PolicyLoader;

import java.util.List;

/** Eval cases and the default policy's judge, for the eval-run tests. */
final class EvalCases {

    private EvalCases() {
    }

    static EvalCase of(String id, String prompt, String output, List<String> labels, List<String> ruleIds) {
        return new EvalCase(EvalCase.SCHEMA, id, prompt, "You are a billing assistant.", output, null, labels,
                "review", null, new EvalCase.Provenance(id, "s3://b/k#L1", "model-a", "billing.refund",
                "sha256:x", ruleIds, "alice", "2026-11-01T00:00:00Z"),
                new EvalCase.Masking(List.of(), List.of()), null);
    }

    static JudgeCandidateOutput judge() {
        return new JudgeCandidateOutput(new RecordJudge(RecordNormalizer.offline(), PolicyLoader.loadDefault(),
                JudgeBudget.defaults(), new ObjectMapper()));
    }
}
