package dev.secondlook.core.redact;

import dev.secondlook.core.feedback.EvalCase;
import dev.secondlook.core.feedback.EvalCaseStore;
import dev.secondlook.core.feedback.RecordVerdictFeedback;
import dev.secondlook.core.feedback.ReviewedRecord;
import dev.secondlook.core.ingest.MaskingQuarantineSink;
import dev.secondlook.core.ingest.QuarantinedRecord;
import dev.secondlook.core.model.Evidence;
import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.ObjectRef;
import dev.secondlook.core.model.SourceRef;
import dev.secondlook.core.policy.Policy;
import dev.secondlook.core.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the policy masked stays masked when text leaves the review table: eval cases, their exports (see
 * EvalSetExportTest) and quarantine previews, unless the operator keeps a category in clear.
 */
class RedactionTest {

    private static final Policy POLICY = PolicyLoader.loadDefault();
    private static final String KEY = "AKIAQYLPMN5HFIQR7XB2";
    private static final String CARD = "4539 1488 0343 6467";

    @Test
    void redact_masksSpans_mergesOverlaps_andTracksWhatItKeptInClear() {
        String text = "key AKIA1234 card 4111 and mail a@b.io end";
        List<Redaction.Span> spans = List.of(new Redaction.Span(4, 12, "secret-leak"),
                new Redaction.Span(6, 12, "secret-leak"), new Redaction.Span(18, 22, "pii-exposure"),
                new Redaction.Span(32, 38, "contact"), new Redaction.Span(39, 99, "secret-leak"));
        Redaction.Redacted all = Redaction.MASK_ALL.redact(text, spans);
        assertEquals("key [masked secret-leak] card [masked pii-exposure] and mail [masked contact] "
                + "[masked secret-leak]", all.text());
        assertEquals(Set.of("secret-leak", "pii-exposure", "contact"), all.maskedCategories());
        assertEquals(List.of(), all.inClear());

        Redaction.Redacted kept = Redaction.unmasking("contact, pii-exposure").redact(text, spans);
        assertEquals("key [masked secret-leak] card 4111 and mail a@b.io [masked secret-leak]", kept.text());
        assertEquals(List.of(new Redaction.Span(30, 34, "pii-exposure"), new Redaction.Span(44, 50, "contact")),
                kept.inClear());
        kept.inClear().forEach(s -> assertFalse(kept.text().substring(s.start(), s.end()).contains("masked")));
        assertNull(Redaction.MASK_ALL.redact(null, spans).text());
    }

    @Test
    void unmasking_readsACommaSeparatedList_andRefusesWhatIsNoCategory() {
        assertEquals(Set.of(), Redaction.unmasking("").unmaskedCategories());
        assertEquals(Set.of(), Redaction.unmasking(null).unmaskedCategories());
        assertEquals(Set.of("pii-exposure", "secret-leak"),
                Redaction.unmasking(" pii-exposure,,secret-leak ").unmaskedCategories());
        assertThrows(IllegalArgumentException.class, () -> Redaction.unmasking("pii exposure"));
    }

    @Test
    void thePolicysMaskedExcerpts_areRecognisedAsMasked_andTheOthersAreNot() {
        List<Evidence> evidence = POLICY.judge(interaction("r1", "", "Use " + KEY + ". I guarantee a full refund."))
                .evidence();
        Evidence key = evidence.stream().filter(e -> e.category().equals("secret-leak")).findFirst().orElseThrow();
        assertTrue(key.masked(), key.toString());
        assertFalse(key.excerpt().contains("IOSFODNN"), key.excerpt());
        Evidence promise = evidence.stream().filter(e -> e.category().equals("commitment")).findFirst()
                .orElseThrow();
        assertFalse(promise.masked(), promise.toString());
    }

    @Test
    void anEvalCase_masksTheSecretEverywhere_butNotWhatThePolicyDidNotMask() {
        Store store = new Store();
        String prompt = "My key is " + KEY + ", fix the script";
        String output = "Sure: export AWS_ACCESS_KEY_ID=" + KEY + " and I guarantee a full refund.";
        new RecordVerdictFeedback(store, Redaction.MASK_ALL).record(reviewed(prompt, output,
                "Never repeat " + KEY + ".", "leaked " + KEY));
        EvalCase c = store.cases.get(0);
        assertEquals(EvalCase.SCHEMA, c.schema());
        for (String text : List.of(c.prompt(), c.offPolicyOutput(), c.correctedResponse(), c.note())) {
            assertFalse(text.contains(KEY), text);
            assertTrue(text.contains("[masked secret-leak]"), text);
        }
        assertTrue(c.offPolicyOutput().contains("I guarantee a full refund"), "a rule that does not mask leaves "
                + "its match: " + c.offPolicyOutput());
        assertEquals(List.of("secret-leak"), c.masking().maskedCategories());
        assertEquals(List.of(), c.masking().inClear());
    }

    @Test
    void anEvalCase_keepsAnOptedInCategoryInClear_andSaysWhere() {
        Store store = new Store();
        String output = "Charged card " + CARD + " with key " + KEY + ".";
        new RecordVerdictFeedback(store, Redaction.unmasking("pii-exposure")).record(reviewed("", output, null,
                "card " + CARD));
        EvalCase c = store.cases.get(0);
        assertEquals("Charged card " + CARD + " with key [masked secret-leak].", c.offPolicyOutput());
        assertEquals(List.of("secret-leak"), c.masking().maskedCategories());
        assertEquals(List.of(new EvalCase.ClearSpan("offPolicyOutput", 13, 13 + CARD.length(), "pii-exposure"),
                new EvalCase.ClearSpan("note", 5, 5 + CARD.length(), "pii-exposure")), c.masking().inClear());
    }

    @Test
    void anOnPolicyVerdict_writesNoCase() {
        Store store = new Store();
        ReviewedRecord r = reviewed("", KEY, null, null);
        assertFalse(new RecordVerdictFeedback(store, Redaction.MASK_ALL).record(new ReviewedRecord(r.reviewId(),
                r.prompt(), r.systemPrompt(), r.output(), "on-policy", r.labels(), r.severity(), r.note(),
                r.correctedResponse(), r.sourceUri(), r.modelId(), r.route(), r.policyVersion(), r.ruleIds(),
                r.reviewer(), r.reviewedAt(), r.evidence())));
        assertTrue(store.cases.isEmpty());
    }

    @Test
    void aQuarantinePreview_isMasked_unlessItsCategoryIsKeptInClear() {
        ObjectRef object = new ObjectRef("logs", "AWSLogs/x.jsonl", null, "etag", 100);
        String preview = "{\"schema\": \"secondlook.v1\", \"output\": \"key " + KEY + " card " + CARD + "\"";
        List<QuarantinedRecord> kept = new ArrayList<>();
        new MaskingQuarantineSink((o, records) -> {
            kept.addAll(records);
            return "s3://eval/quarantine/x";
        }, POLICY, Redaction.unmasking("pii-exposure")).store(object, List.of(
                new QuarantinedRecord(3, "invalid-json", "unexpected end", preview),
                new QuarantinedRecord(4, "unrecognised-format", "no known shape", "")));
        assertEquals("{\"schema\": \"secondlook.v1\", \"output\": \"key [masked secret-leak] card " + CARD + "\"",
                kept.get(0).preview());
        assertEquals(3, kept.get(0).line());
        assertEquals("invalid-json", kept.get(0).code());
        assertEquals("", kept.get(1).preview());
    }

    private static Interaction interaction(String id, String prompt, String output) {
        return new Interaction(id, "secondlook-v1", new SourceRef("logs", "k", null, "e", 1), null, "chat", "m",
                Map.of(), "", prompt, output, "stop", null, null, null, null, false);
    }

    /** An off-policy verdict on a record judged by the default policy, with its evidence as stored. */
    private static ReviewedRecord reviewed(String prompt, String output, String correction, String note) {
        List<Evidence> evidence = POLICY.judge(interaction("rev-1", prompt, output)).evidence();
        return new ReviewedRecord("rev-1", prompt, "", output, "off-policy", List.of("secret-leak"), "page", note,
                correction, "s3://logs/k#L1", "m", "", POLICY.version(), List.of("secret-cloud-keys"),
                "arn:aws:iam::123456789012:user/alice", "2026-08-19T07:00:00.000Z", evidence);
    }

    private static final class Store implements EvalCaseStore {

        @Override
        public void delete(String caseId) {
            throw new UnsupportedOperationException("not used by these tests");
        }

        final List<EvalCase> cases = new ArrayList<>();

        @Override
        public void put(EvalCase evalCase) {
            cases.add(evalCase);
        }

        @Override
        public List<EvalCase> all() {
            return cases;
        }
    }
}
