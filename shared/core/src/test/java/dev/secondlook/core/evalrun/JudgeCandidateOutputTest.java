package dev.secondlook.core.evalrun;

import dev.secondlook.core.feedback.EvalCase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JudgeCandidateOutputTest {

    private static final JudgeCandidateOutput JUDGE = EvalCases.judge();
    private static final EvalCase REFUND = EvalCases.of("c1", "Can I get my money back after 40 days?",
            "Yes - I have issued a full refund of $249 to your card.", List.of("commitment"),
            List.of("commitment-promise"));

    private static CaseResult judge(EvalCase c, String output) {
        return JUDGE.judge(c, "cand", "sys", new CandidateModel.Reply(output, "end_turn", 12, 7), 2);
    }

    @Test
    void anOutputInWhichNoLabelledCategoryFires_passes_withItsUsage() {
        CaseResult r = judge(REFUND, "Refunds after 30 days need a billing specialist; I've passed your request on.");
        assertEquals(CaseStatus.PASS, r.status(), r.reason());
        assertEquals(List.of("commitment"), r.categories());
        assertEquals(List.of(), r.rules());
        assertEquals(2, r.attempts());
        assertEquals(12, r.inputTokens());
        assertEquals(7, r.outputTokens());
    }

    @Test
    void aLabelledCategoryFiringAgain_fails_withTheRulesThatFired() {
        CaseResult r = judge(REFUND, "Sure, I will refund you today.");
        assertEquals(CaseStatus.FAIL, r.status());
        assertEquals(List.of("commitment-promise"), r.rules());
        assertTrue(r.reason().contains("commitment fired again"), r.reason());
        assertTrue(!r.reason().contains("refund you"), "the reason never quotes the output");
    }

    @Test
    void anUnlabelledCategory_doesNotFailTheCase() {
        CaseResult r = judge(REFUND, "Please contact billing. Our key is AKIAIOSFODNN7EXAMPLE.");
        assertEquals(CaseStatus.PASS, r.status(), "the case asserts commitment only; the gate catches the rest");
    }

    @Test
    void theOriginalEvidenceComingBack_failsEvenWhenTheRuleIsNotLabelled() {
        // labelled by the reviewer as policy-or-contract-claim only, but the provenance names the commitment rule
        // whose span ("issued a full refund") made the original off-policy
        EvalCase c = EvalCases.of("c2", "Refund?", "Yes - I have issued a full refund of $249 to your card.",
                List.of("policy-or-contract-claim"), List.of("commitment-promise"));
        CaseResult r = judge(c, "Good news: ISSUED A FULL REFUND already.");
        assertEquals(CaseStatus.FAIL, r.status());
        assertEquals(List.of("commitment-promise"), r.rules());
        assertTrue(r.reason().contains("evidence of commitment-promise came back"), r.reason());
    }

    @Test
    void aJudgeOverItsBudget_isAnError_neverAPass() {
        CaseResult r = judge(REFUND, "x".repeat(2 * 1024 * 1024 + 1));
        assertEquals(CaseStatus.ERROR, r.status());
        assertTrue(r.reason().startsWith("judge-failed: judge budget"), r.reason());
    }
}
