package dev.secondlook.core.ingest;

import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.SourceRef;
import dev.secondlook.core.model.TextField;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.redact.Redaction;
import dev.secondlook.core.redact.SensitiveSpans;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link QuarantineSink} that masks each rejected record's preview before the sink it wraps keeps it. A rejected
 * line was never judged, so its preview (the start of the raw line) is judged here as if it were a record's output,
 * prompt and system prompt at once, and the spans the policy masks - secrets, identifiers of rules with
 * {@code maskEvidence} - are masked in it, unless {@code redaction} keeps their category in clear.
 */
public final class MaskingQuarantineSink implements QuarantineSink {

    private final QuarantineSink sink;
    private final Policy policy;
    private final Redaction redaction;

    public MaskingQuarantineSink(QuarantineSink sink, Policy policy, Redaction redaction) {
        this.sink = sink;
        this.policy = policy;
        this.redaction = redaction;
    }

    /** {@inheritDoc} Each preview is masked first. */
    @Override
    public String store(ObjectRef object, List<QuarantinedRecord> records) {
        List<QuarantinedRecord> masked = new ArrayList<>(records.size());
        for (QuarantinedRecord r : records) {
            masked.add(new QuarantinedRecord(r.line(), r.code(), r.detail(), mask(object, r)));
        }
        return sink.store(object, masked);
    }

    private String mask(ObjectRef object, QuarantinedRecord r) {
        String preview = r.preview();
        if (preview == null || preview.isEmpty()) {
            return preview;
        }
        Interaction asText = new Interaction("quarantine#" + r.line(), "quarantine-preview",
                SourceRef.of(object, r.line()), null, "", "", Map.of(), preview, preview, preview, "", null, null,
                null, null, false);
        SensitiveSpans spans = SensitiveSpans.of(Map.of(TextField.OUTPUT, preview, TextField.PROMPT, preview,
                TextField.SYSTEM, preview), policy.judge(asText).evidence());
        // every field is the same text: the spans found in any of them are spans of the preview
        List<Redaction.Span> all = new ArrayList<>(spans.in(TextField.OUTPUT, preview));
        all.addAll(spans.in(TextField.PROMPT, preview));
        all.addAll(spans.in(TextField.SYSTEM, preview));
        return redaction.redact(preview, all).text();
    }
}
