package dev.secondlook.core.ingest;

import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.Lane;
import dev.secondlook.core.model.ReviewRecord;
import dev.secondlook.core.model.ReviewStatus;
import dev.secondlook.core.model.Severity;
import dev.secondlook.core.policy.Judgement;

import java.time.Instant;
import java.util.Map;

/**
 * The review record of a selected interaction, built the one way ingest and the gate share: the same review id
 * (the record id, capped as {@link FieldCaps#id} caps it), the same field caps and the same text budget. So the
 * record the gate writes for a request id is the one ingest recognises, by id, when the invocation log with that
 * request id arrives later.
 */
public final class ReviewRecords {

    /**
     * A record, and whether a field taken from the source (id, route, model, metadata ...) was cut to its cap.
     */
    public record Built(ReviewRecord record, boolean fieldsCapped) {
    }

    /**
     * How a record came to be selected.
     *
     * @param severity             its severity
     * @param lane                 its lane
     * @param inclusionProbability the probability that it was selected
     * @param selectionReason      {@code rule}, {@code high-stakes-route}, {@code sample} or {@code hold}
     */
    public record Selection(Severity severity, Lane lane, double inclusionProbability, String selectionReason) {

        /** As the policy's judgement selected it (ingest, and the gate's deliver path). */
        public static Selection of(Judgement j) {
            return new Selection(j.severity(), j.severity().lane(), j.inclusionProbability(), j.selectionReason());
        }
    }

    private ReviewRecords() {
    }

    /** The review id of a record id: the id itself, or, beyond 256 bytes, its start and a hash of the whole. */
    public static String reviewId(String recordId) {
        return FieldCaps.id(recordId).value();
    }

    /**
     * Builds a PENDING review record.
     *
     * @param textBudgetBytes UTF-8 budget of output, prompt and system prompt together
     */
    public static Built build(Interaction i, Judgement j, Selection selection, String policyVersion, Instant now,
                              Instant due, int textBudgetBytes) {
        TextBudget texts = TextBudget.fit(textBudgetBytes, i.output(), i.prompt(), i.systemPrompt());
        FieldCaps.Capped<String> id = FieldCaps.id(i.recordId());
        FieldCaps.Capped<String> route = FieldCaps.field(j.route());
        FieldCaps.Capped<String> model = FieldCaps.field(i.modelId());
        FieldCaps.Capped<String> operation = FieldCaps.field(i.operation());
        FieldCaps.Capped<String> format = FieldCaps.field(i.format());
        FieldCaps.Capped<String> timestamp = FieldCaps.field(i.timestamp());
        FieldCaps.Capped<String> stopReason = FieldCaps.field(i.stopReason());
        FieldCaps.Capped<String> guardrail = FieldCaps.field(i.guardrailAction());
        FieldCaps.Capped<Map<String, String>> metadata = FieldCaps.metadata(i.requestMetadata());
        boolean capped = id.cut() || route.cut() || model.cut() || operation.cut() || format.cut()
                || timestamp.cut() || stopReason.cut() || guardrail.cut() || metadata.cut();
        ReviewRecord record = new ReviewRecord(id.value(), ReviewStatus.PENDING, selection.lane(),
                selection.severity(), j.categories(), j.ruleIds(), j.evidence(), selection.inclusionProbability(),
                selection.selectionReason(), route.value(), model.value(), operation.value(), format.value(),
                policyVersion, i.source(), timestamp.value(), texts.system(), texts.prompt(), texts.output(),
                texts.truncated() || capped, stopReason.value(), guardrail.value(), i.inputTokens(),
                i.outputTokens(), metadata.value(), now, due);
        return new Built(record, capped);
    }

    /** The UTF-8 length of a text, as the text budget counts it. */
    public static int utf8Length(String s) {
        return TextBudget.utf8Length(s);
    }
}
