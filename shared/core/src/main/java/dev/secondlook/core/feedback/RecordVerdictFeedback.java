package dev.secondlook.core.feedback;

/**
 * Use case: every off-policy verdict becomes one eval case, keyed by review id, so a redelivered stream record
 * rewrites the same case. On-policy verdicts add nothing.
 */
public final class RecordVerdictFeedback {

    private final EvalCaseStore store;

    public RecordVerdictFeedback(EvalCaseStore store) {
        this.store = store;
    }

    /** @return true when the record became an eval case */
    public boolean record(ReviewedRecord r) {
        if (!"off-policy".equals(r.outcome())) {
            return false;
        }
        store.put(new EvalCase(EvalCase.SCHEMA, r.reviewId(), r.prompt(), r.systemPrompt(), r.output(),
                r.correctedResponse(), r.labels(), r.severity(), r.note(),
                new EvalCase.Provenance(r.reviewId(), r.sourceUri(), r.modelId(), r.route(), r.policyVersion(),
                        r.ruleIds(), r.reviewer(), r.reviewedAt())));
        return true;
    }
}
