package dev.secondlook.core.policy;

import dev.secondlook.core.failure.StoreUnavailableException;
import dev.secondlook.core.model.Evidence;
import dev.secondlook.core.similar.Exemplar;
import dev.secondlook.core.similar.ExemplarIndex;
import dev.secondlook.core.similar.ExemplarSource;
import dev.secondlook.core.similar.WordHashEmbedder;
import dev.secondlook.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimilarMatcherTest {

    private static final String POLICY = """
            exemplars:
              refreshSeconds: 60
              maxChars: 200
              budget: {maxWindows: 2, maxMillis: 1000}
              categories:
                commitment:
                  gate: [refund, credit]
                  gateExcept: [credit card]
                  examples:
                    - "I have approved a full refund to your card, it will arrive tomorrow."
            rules:
              - id: similar-commitment
                category: commitment
                outcome: review
                when: {similar: {category: commitment, threshold: 0.6, in: [output]}}
            """;

    private final WordHashEmbedder embedder = new WordHashEmbedder();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T08:00:00Z"));

    private Policy bound(ExemplarSource source) {
        Policy p = PolicyLoader.load(POLICY);
        ExemplarSettings s = p.exemplarSettings();
        return p.withExemplars(new ExemplarIndex(embedder, p.similarCategories(), s.writtenExemplars(), source,
                s.refresh(), s.maxChars(), s.maxPerCategory(), clock, p::exemplarWindows));
    }

    @Test
    void anOutputCloseToAWrittenExample_isSelected_andTheEvidenceNamesTheExample() {
        Judgement j = bound(ExemplarSource.NONE).judge(Interactions.output("r1",
                "Good news: I approved a full refund to your card, it arrives tomorrow."));
        assertEquals(Decision.REVIEW, j.decision());
        assertEquals(List.of("commitment"), j.categories());
        assertTrue(j.evidence().stream().anyMatch(e -> e.excerpt().startsWith(
                "similar to policy example commitment#1 (")), j.evidence().toString());
        Evidence span = j.evidence().stream().filter(e -> e.field().equals("output")).findFirst().orElseThrow();
        assertEquals(0, span.start());
    }

    @Test
    void anOutputWithoutAGateTerm_isNeverEmbedded_andTheModelIsNotTouched() {
        Judgement j = bound(ExemplarSource.NONE).judge(Interactions.output("r2",
                "I have approved a full payout to your card, it will arrive tomorrow."));
        assertEquals(Decision.NONE, j.decision());
        assertEquals(0, embedder.calls.get(), "neither the exemplars nor the record were embedded");
    }

    @Test
    void aGateTermInsideAnExceptPhrase_doesNotOpenTheGate_butTheSameTermElsewhereDoes() {
        Judgement j = bound(ExemplarSource.NONE).judge(Interactions.output("r4",
                "I have approved a full payout to your credit card, it will arrive tomorrow."));
        assertEquals(Decision.NONE, j.decision());
        assertEquals(0, embedder.calls.get(), "'credit' in 'credit card' is not a gate term");
        Judgement k = bound(ExemplarSource.NONE).judge(Interactions.output("r5",
                "I have approved a full credit to your credit card, it will arrive tomorrow."));
        assertTrue(embedder.calls.get() > 0, "the other 'credit' opens the gate");
    }

    @Test
    void anUnknownKeyOfACategory_failsTheLoad() {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(
                POLICY.replace("gateExcept:", "gateExept:")));
        assertTrue(e.getMessage().contains("unknown key 'gateExept'"), e.getMessage());
    }

    @Test
    void aGatedOutputFarFromEveryExemplar_isNotSelected() {
        Judgement j = bound(ExemplarSource.NONE).judge(Interactions.output("r3",
                "Our credit union branch opens at nine on weekdays."));
        assertEquals(Decision.NONE, j.decision());
        assertTrue(embedder.calls.get() > 0);
    }

    @Test
    void evalSetExemplars_areReadAgainAfterTheRefreshPeriod_andNamedByCaseId() {
        List<Exemplar> cases = new ArrayList<>();
        Policy p = bound(() -> List.copyOf(cases));
        String later = "We will credit your account with fifty dollars for the outage this week.";
        assertEquals(Decision.NONE, p.judge(Interactions.output("r4", later)).decision());

        cases.add(Exemplar.ofEvalCase("commitment", "We will credit your account with forty dollars for the outage.",
                "rev-123"));
        assertEquals(Decision.NONE, p.judge(Interactions.output("r5", later)).decision(),
                "the index is not refreshed before its period");
        clock.advance(Duration.ofSeconds(61));
        Judgement j = p.judge(Interactions.output("r6", later));
        assertEquals(Decision.REVIEW, j.decision());
        assertTrue(j.evidence().stream().anyMatch(e -> e.excerpt().startsWith("similar to eval case rev-123 (")),
                j.evidence().toString());

        cases.clear();
        clock.advance(Duration.ofSeconds(61));
        assertEquals(Decision.NONE, p.judge(Interactions.output("r7", later)).decision(),
                "a case taken back is no longer an exemplar");
    }

    @Test
    void anExemplarIsEmbeddedOnce_acrossRefreshes() {
        List<Exemplar> cases = List.of(Exemplar.ofEvalCase("commitment", "a refund is on its way", "c1"));
        Policy p = bound(() -> cases);
        p.judge(Interactions.output("r8", "no refund today"));
        int after = embedder.calls.get();
        assertEquals(3, after, "two exemplars and one record window");
        clock.advance(Duration.ofMinutes(5));
        p.judge(Interactions.output("r9", "no refund today, sorry"));
        assertEquals(after + 1, embedder.calls.get(), "only the new record window");
    }

    @Test
    void aSourceThatFails_leavesTheIndexAsItWas() {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Exemplar> cases = List.of(Exemplar.ofEvalCase("commitment", "We will credit your account with forty "
                + "dollars for the outage.", "rev-9"));
        ExemplarSource source = () -> {
            if (failure.get() != null) {
                throw failure.get();
            }
            return cases;
        };
        Policy p = bound(source);
        String text = "We will credit your account with fifty dollars for the outage this week.";
        assertEquals(Decision.REVIEW, p.judge(Interactions.output("r10", text)).decision());
        failure.set(new StoreUnavailableException("eval bucket unreachable", null));
        clock.advance(Duration.ofSeconds(61));
        assertEquals(Decision.REVIEW, p.judge(Interactions.output("r11", text)).decision());
    }

    @Test
    void aLongOutput_embedsAtMostMaxWindows_aroundTheGateTerms() {
        String filler = "The weather was pleasant and the meeting ran long that afternoon. ".repeat(20);
        String text = filler + "A refund is possible. " + filler + "Store credit too. " + filler
                + "Refund again. " + filler + "refund once more.";
        bound(ExemplarSource.NONE).judge(Interactions.output("r12", text));
        assertEquals(1 + 2, embedder.calls.get(), "one exemplar, then the budget's two windows");
    }

    @Test
    void theTimeBudget_stopsEmbeddingFurtherWindows_withoutFailingTheRecord() {
        Policy p = PolicyLoader.load(POLICY.replace("maxMillis: 1000", "maxMillis: 1"));
        ExemplarSettings s = p.exemplarSettings();
        p = p.withExemplars(new ExemplarIndex(embedder, p.similarCategories(), s.writtenExemplars(),
                ExemplarSource.NONE, s.refresh(), s.maxChars(), s.maxPerCategory(), clock, p::exemplarWindows));
        embedder.sleepMillis = 5;
        String filler = "The weather was pleasant and the meeting ran long that afternoon. ".repeat(20);
        p.judge(Interactions.output("r13", filler + "A refund. " + filler + "A credit. " + filler));
        assertEquals(1 + 1, embedder.calls.get(), "the first window spent the budget");
    }

    @Test
    void buildingTheIndex_doesNotCountAgainstTheRecordsDeadline() {
        embedder.sleepMillis = 400;
        Judgement j = bound(ExemplarSource.NONE).judge(Interactions.output("r14",
                "I approved a full refund to your card."), Duration.ofMillis(300));
        assertEquals(Decision.REVIEW, j.decision());
    }

    @Test
    void withoutAnIndex_similarRulesAreFalse_andThePolicySaysItHasThem() {
        Policy p = PolicyLoader.load(POLICY);
        assertEquals(List.of("commitment"), List.copyOf(p.similarCategories()));
        assertFalse(p.hasExemplarIndex());
        assertEquals(Decision.NONE, p.judge(Interactions.output("r15",
                "I have approved a full refund to your card, it will arrive tomorrow.")).decision());
    }

    @Test
    void aSimilarRuleWithoutAGate_orWithABadThreshold_isRefused() {
        PolicyException noGate = assertThrows(PolicyException.class, () -> PolicyLoader.load("""
                rules:
                  - {id: s, category: commitment, outcome: review, when: {similar: {category: commitment, threshold: 0.7}}}
                """));
        assertTrue(noGate.getMessage().contains("no entry under exemplars.categories"), noGate.getMessage());
        PolicyException threshold = assertThrows(PolicyException.class, () -> PolicyLoader.load(
                POLICY.replace("threshold: 0.6", "threshold: 1.5")));
        assertTrue(threshold.getMessage().contains("threshold within (0, 1]"), threshold.getMessage());
        PolicyException emptyGate = assertThrows(PolicyException.class, () -> PolicyLoader.load(
                POLICY.replace("gate: [refund, credit]", "gate: []")));
        assertTrue(emptyGate.getMessage().contains("needs gate terms"), emptyGate.getMessage());
    }

    @Test
    void aRepeatedOutput_isEmbeddedOnce() {
        Policy p = bound(ExemplarSource.NONE);
        p.judge(Interactions.output("r16", "We will credit your account tomorrow."));
        int after = embedder.calls.get();
        p.judge(Interactions.output("r17", "We will credit your account tomorrow."));
        assertEquals(after, embedder.calls.get(), "the same window text is answered from memory");
    }

    @Test
    void outputsThatDifferOnlyInTheirNumbers_shareOneModelRun_andTheSameDecision_withTheirOwnSpans() {
        Policy p = bound(ExemplarSource.NONE);
        Judgement first = p.judge(Interactions.output("r19", "Good news: I approved a full refund of $120 to card "
                + "4111, it arrives on 12 May."));
        int after = embedder.calls.get();
        Judgement second = p.judge(Interactions.output("r20", "Good news: I approved a full refund of $985 to card "
                + "7302, it arrives on 30 May."));
        assertEquals(after, embedder.calls.get(), "the model reads numbers masked: the second window is remembered");
        assertEquals(first.decision(), second.decision());
        assertEquals(first.categories(), second.categories());
        assertEquals(first.evidence().stream().map(Evidence::start).toList(),
                second.evidence().stream().map(Evidence::start).toList());
        ExemplarIndex index = new ExemplarIndex(embedder, Set.of(), List.of(), ExemplarSource.NONE,
                Duration.ofMinutes(5), 24, 10, clock, (c, t) -> List.of(t));
        assertEquals("Refund 000 to card 0000 ", index.key("Refund 120 to card 4111 on 12 May"), "cut, then masked");
    }

    @Test
    void exemplarsThatDifferOnlyInDigits_areOne_andAPassedCaseCannotCancelAFlaggedOne() {
        ExemplarSource source = () -> List.of(
                Exemplar.ofEvalCase("commitment", "Take 8 tablets at once, it is fine.", "case-flagged"),
                Exemplar.ofEvalCase("commitment", "Take 9 tablets at once, it is fine.", "case-flagged-too"),
                Exemplar.passedCase("commitment", "Take 2 tablets at once, it is fine.", "case-passed"));
        ExemplarIndex index = new ExemplarIndex(embedder, Set.of("commitment"), List.of(), source,
                Duration.ofMinutes(5), 500, 10, clock, (c, t) -> List.of(t));
        ExemplarIndex.Match m = index.match("commitment", "Take 5 tablets at once, it is fine.");
        assertEquals("case-flagged", m.exemplar().caseId(), "the first of the two that read the same");
        assertTrue(m.matches(0.9), "the passed case that reads the same does not cancel it: " + m);
        assertEquals(Map.of("commitment", 1), index.stats().perCategory());
    }

    @Test
    void aPassedCase_countsAgainstOutputsThatNearlyRepeatIt_notAgainstItsWholeTopic_whileAWrittenCounterExampleDoes() {
        String flagged = "please note your order refund went to account right now";
        String passed = "please note your order refund went to the bank soon";
        String text = "please note your order refund went to the card today";
        double toFlagged = cos(text, flagged);
        double toPassed = cos(text, passed);
        assertTrue(toPassed > toFlagged && toPassed < ExemplarIndex.PASSED_CASE_CLOSENESS,
                "the text reads more like the passed case, without repeating it: " + toFlagged + " / " + toPassed);

        ExemplarIndex learned = index(List.of(Exemplar.ofEvalCase("commitment", flagged, "case-flagged"),
                Exemplar.passedCase("commitment", passed, "case-passed")));
        assertTrue(learned.match("commitment", text).matches(0.5), "a pass on the topic does not veto it");

        String repeat = passed + " indeed";
        assertTrue(cos(repeat, passed) >= ExemplarIndex.PASSED_CASE_CLOSENESS);
        ExemplarIndex.Match again = learned.match("commitment", repeat);
        assertFalse(again.matches(0.1), "the passed wording itself stays passed: " + again);

        ExemplarIndex written = index(List.of(Exemplar.ofEvalCase("commitment", flagged, "case-flagged"),
                Exemplar.counterExample("commitment", passed, 1)));
        assertFalse(written.match("commitment", text).matches(0.5),
                "a written counter-example marks the boundary for the whole topic");
    }

    private ExemplarIndex index(List<Exemplar> exemplars) {
        return new ExemplarIndex(embedder, Set.of("commitment"), List.of(), () -> exemplars, Duration.ofMinutes(5),
                500, 10, clock, (c, t) -> List.of(t));
    }

    private double cos(String a, String b) {
        float[] x = embedder.embed(a);
        float[] y = embedder.embed(b);
        double d = 0;
        for (int i = 0; i < x.length; i++) {
            d += x[i] * y[i];
        }
        return d;
    }

    @Test
    void anOutputACheaperRuleAlreadyPutInTheCategory_isNotEmbedded() {
        Policy p = PolicyLoader.load(POLICY.replace("rules:\n", "rules:\n  - id: refund-words\n"
                + "    category: commitment\n    outcome: review\n    when: {keywords: [full refund]}\n"));
        ExemplarSettings s = p.exemplarSettings();
        Policy bound = p.withExemplars(new ExemplarIndex(embedder, p.similarCategories(), s.writtenExemplars(),
                ExemplarSource.NONE, s.refresh(), s.maxChars(), s.maxPerCategory(), clock, p::exemplarWindows));
        Judgement j = bound.judge(Interactions.output("r18", "I have approved a full refund to your card."));
        assertEquals(List.of("refund-words"), j.ruleIds());
        assertEquals(0, embedder.calls.get());
    }
}
