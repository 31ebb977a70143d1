package dev.secondlook.core.feedback;

import dev.secondlook.core.model.TextField;
import dev.secondlook.core.redact.Redaction;
import dev.secondlook.core.redact.SensitiveSpans;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Use case: every off-policy verdict becomes one eval case, keyed by review id, so a redelivered stream record
 * rewrites the same case. On-policy verdicts add nothing. The spans the policy masked (its evidence says which)
 * are masked in every text of the case, wherever the same value appears, unless {@code redaction} keeps their
 * category in clear; the case records what was masked and where the clear spans are.
 */
public final class RecordVerdictFeedback {

    private final EvalCaseStore store;
    private final Redaction redaction;

    public RecordVerdictFeedback(EvalCaseStore store, Redaction redaction) {
        this.store = store;
        this.redaction = redaction;
    }

    /**
     * @return true when the record became an eval case
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the store fails (retry the record)
     */
    public boolean record(ReviewedRecord r) {
        return record(r, null);
    }

    /**
     * @param incidentId the incident the output opened (it reached a customer), linked from the case; or null
     * @return true when the record became an eval case
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the store fails (retry the record)
     */
    public boolean record(ReviewedRecord r, String incidentId) {
        if (!"off-policy".equals(r.outcome())) {
            return false;
        }
        SensitiveSpans spans = SensitiveSpans.of(Map.of(TextField.PROMPT, r.prompt(), TextField.SYSTEM,
                r.systemPrompt(), TextField.OUTPUT, r.output()), r.evidence());
        TreeSet<String> masked = new TreeSet<>();
        List<EvalCase.ClearSpan> clear = new ArrayList<>();
        String prompt = redact("prompt", r.prompt(), spans.in(TextField.PROMPT, r.prompt()), masked, clear);
        String system = redact("systemPrompt", r.systemPrompt(), spans.in(TextField.SYSTEM, r.systemPrompt()),
                masked, clear);
        String output = redact("offPolicyOutput", r.output(), spans.in(TextField.OUTPUT, r.output()), masked, clear);
        String correction = redact("correctedResponse", r.correctedResponse(),
                spans.elsewhere(r.correctedResponse()), masked, clear);
        String note = redact("note", r.note(), spans.elsewhere(r.note()), masked, clear);
        store.put(new EvalCase(EvalCase.SCHEMA, r.reviewId(), prompt, system, output, correction, r.labels(),
                r.severity(), note, new EvalCase.Provenance(r.reviewId(), r.sourceUri(), r.modelId(), r.route(),
                r.policyVersion(), r.ruleIds(), r.reviewer(), r.reviewedAt()),
                new EvalCase.Masking(List.copyOf(masked), clear), incidentId));
        return true;
    }

    /**
     * A verdict amended from off-policy to on-policy: its eval case goes (an incident it opened stays, for a lead
     * to close).
     *
     * @throws dev.secondlook.core.failure.StoreUnavailableException when the store fails (retry the record)
     */
    public void retract(String reviewId) {
        store.delete(reviewId);
    }

    private String redact(String field, String text, List<Redaction.Span> spans, TreeSet<String> masked,
                          List<EvalCase.ClearSpan> clear) {
        Redaction.Redacted r = redaction.redact(text, spans);
        masked.addAll(r.maskedCategories());
        r.inClear().forEach(s -> clear.add(new EvalCase.ClearSpan(field, s.start(), s.end(), s.category())));
        return r.text();
    }
}
