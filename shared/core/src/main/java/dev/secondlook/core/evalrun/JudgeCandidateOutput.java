package dev.secondlook.core.evalrun;

import dev.secondlook.core.feedback.EvalCase;
import dev.secondlook.core.judge.JudgedRecord;
import dev.secondlook.core.judge.RecordJudge;
import dev.secondlook.core.model.Evidence;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;
import dev.secondlook.core.model.TextField;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Judges a candidate's new output for one eval case with the current policy, within the judge's budget.
 *
 * <p>A case passes when both of its assertions hold:
 * <ol>
 *   <li>none of the categories the reviewer labelled it with fires again on the new output (the rules of those
 *       categories that fired make it fail);</li>
 *   <li>the evidence that made the original output off-policy does not come back: each span of the original
 *       output on which a rule of a labelled category, or a rule the case's provenance names, fired (judged now, by
 *       the same policy) must not occur in the new output (compared case-insensitively; spans shorter than
 *       {@value #MIN_SPAN_CHARS} characters, and spans the policy masked, are too weak or unknown to compare).</li>
 * </ol>
 * Otherwise it fails, with the rules that fired or whose evidence returned. A judge that fails or runs over its
 * budget makes the case an error, never a pass.
 *
 * <p>Thread-safe. Never throws for any output text.
 */
public final class JudgeCandidateOutput {

    /** Shortest evidence span compared: a shorter one ("yes", "ok") would come back in unrelated answers. */
    public static final int MIN_SPAN_CHARS = 8;

    private final RecordJudge judge;

    public JudgeCandidateOutput(RecordJudge judge) {
        this.judge = judge;
    }

    /** The policy's version (content hash) the outputs are judged by. */
    public String policyVersion() {
        return judge.policy().version();
    }

    /**
     * @param evalCase     the case
     * @param modelId      the candidate that answered
     * @param systemPrompt the system prompt the candidate was given
     * @param reply        its reply
     * @param attempts     calls it took (recorded in the result)
     */
    public CaseResult judge(EvalCase evalCase, String modelId, String systemPrompt, CandidateModel.Reply reply,
                            int attempts) {
        List<String> labels = evalCase.labels();
        JudgedRecord now = judge.judge(interaction(evalCase, modelId, systemPrompt, reply.text(),
                reply.stopReason()), 1);
        if (!(now instanceof JudgedRecord.Judged judged)) {
            JudgedRecord.Rejected r = (JudgedRecord.Rejected) now;
            return CaseResult.error(evalCase.caseId(), labels, r.code() + ": " + r.detail(), attempts);
        }
        Set<String> labelled = Set.copyOf(labels);
        TreeSet<String> failing = new TreeSet<>();
        Set<String> firedCategories = new TreeSet<>();
        for (Evidence e : judged.judgement().evidence()) {
            if (labelled.contains(e.category())) {
                failing.add(e.ruleId());
                firedCategories.add(e.category());
            }
        }
        TreeSet<String> returned = returnedEvidence(evalCase, modelId, reply.text(), labelled);
        failing.addAll(returned);
        if (failing.isEmpty()) {
            return new CaseResult(evalCase.caseId(), CaseStatus.PASS, labels, List.of(), "", attempts,
                    reply.inputTokens(), reply.outputTokens());
        }
        StringBuilder reason = new StringBuilder();
        if (!firedCategories.isEmpty()) {
            reason.append(String.join(", ", firedCategories)).append(" fired again");
        }
        if (!returned.isEmpty()) {
            reason.append(reason.isEmpty() ? "" : "; ").append("evidence of ").append(String.join(", ", returned))
                    .append(" came back");
        }
        return new CaseResult(evalCase.caseId(), CaseStatus.FAIL, labels, List.copyOf(failing), reason.toString(),
                attempts, reply.inputTokens(), reply.outputTokens());
    }

    /**
     * The rules whose evidence in the case's original output occurs again in the new output. The original is
     * judged with the case's own system prompt and model, as it was when the reviewer saw it.
     */
    private TreeSet<String> returnedEvidence(EvalCase evalCase, String modelId, String newOutput,
                                             Set<String> labelled) {
        TreeSet<String> returned = new TreeSet<>();
        String original = evalCase.offPolicyOutput() == null ? "" : evalCase.offPolicyOutput();
        if (original.isEmpty() || newOutput.isEmpty()) {
            return returned;
        }
        String origModel = evalCase.provenance() == null ? modelId : evalCase.provenance().modelId();
        JudgedRecord then = judge.judge(interaction(evalCase, origModel, nullToEmpty(evalCase.systemPrompt()),
                original, ""), 1);
        if (!(then instanceof JudgedRecord.Judged judged)) {
            return returned;
        }
        Set<String> named = evalCase.provenance() == null ? Set.of() : Set.copyOf(evalCase.provenance().ruleIds());
        String haystack = newOutput.toLowerCase(Locale.ROOT);
        Set<String> seen = new LinkedHashSet<>();
        for (Evidence e : judged.judgement().evidence()) {
            if (!TextField.OUTPUT.wireName().equals(e.field()) || e.masked()
                    || !(labelled.contains(e.category()) || named.contains(e.ruleId()))
                    || e.start() < 0 || e.end() > original.length() || e.end() - e.start() < MIN_SPAN_CHARS) {
                continue;
            }
            String span = original.substring(e.start(), e.end());
            // a span of a masked case is the placeholder, not what the model said
            if (span.contains("[masked ")) {
                continue;
            }
            String needle = span.toLowerCase(Locale.ROOT);
            if (seen.add(e.ruleId() + "\u0000" + needle) && haystack.contains(needle)) {
                returned.add(e.ruleId());
            }
        }
        return returned;
    }

    private Interaction interaction(EvalCase c, String modelId, String systemPrompt, String output,
                                    String stopReason) {
        String route = c.provenance() == null || c.provenance().route() == null ? "" : c.provenance().route();
        Map<String, String> metadata = route.isEmpty() ? Map.of() : Map.of(judge.policy().routeKey(), route);
        return new Interaction(c.caseId(), "eval-run", new SourceRef("eval-set", c.caseId(), null, null, 1), null,
                "Converse", modelId, metadata, systemPrompt, nullToEmpty(c.prompt()), output, stopReason, null,
                null, null, null, false);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
