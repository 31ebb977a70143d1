package dev.secondlook.core.policy;

import dev.secondlook.core.model.Evidence;
import dev.secondlook.core.model.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyTest {

    private static final String BASE = """
            policy: test
            sampling: {salt: s, defaultRate: 0.0}
            highStakesRoutes: ["billing.refund*"]
            rules:
            """;

    private static Policy policy(String rules) {
        return PolicyLoader.load(BASE + rules);
    }

    @Test
    void keywords_matchCaseAndDiacriticInsensitively_atWordBoundaries() {
        Policy p = policy("""
                  - id: k
                    category: commitment
                    outcome: review
                    when: {keywords: [full refund, remboursé]}
                """);
        Judgement j = p.judge(Interactions.output("1", "Okay: a FULL Refund is on its way."));
        assertEquals(Decision.REVIEW, j.decision());
        Evidence e = j.evidence().get(0);
        assertEquals("FULL Refund", e.excerpt());
        assertEquals(8, e.start());
        assertEquals(19, e.end());
        assertEquals(Decision.REVIEW, p.judge(Interactions.output("2", "Vous êtes REMBOURSE demain")).decision());
        assertEquals(Decision.NONE, p.judge(Interactions.output("3", "a fullrefund or full refunds")).decision());
    }

    @Test
    void keywordOffsets_mapBackThroughDecomposedCharacters() {
        Policy p = policy("""
                  - id: k
                    category: c
                    outcome: review
                    when: {keywords: [cafe]}
                """);
        String text = "un cafe\u0301 noir";
        Evidence e = p.judge(Interactions.output("1", text)).evidence().get(0);
        assertEquals("cafe\u0301", text.substring(e.start(), e.end()));
    }

    @Test
    void regex_andCombinators() {
        Policy p = policy("""
                  - id: combo
                    category: commitment
                    outcome: page
                    when:
                      all:
                        - regex: "refund of \\\\$\\\\d+"
                        - any:
                            - model: ["anthropic.*"]
                            - route: ["never"]
                        - not: {keywords: [cannot]}
                """);
        assertEquals(Decision.PAGE, p.judge(Interactions.output("1", "a refund of $249 today")).decision());
        assertEquals(Decision.NONE, p.judge(Interactions.output("2", "I cannot give a refund of $249")).decision());
        assertEquals(Decision.NONE, p.judge(Interactions.output("3", "no money back")).decision());
    }

    @Test
    void guardrailAndMetadataMatchers() {
        Policy p = policy("""
                  - id: g
                    category: guardrail-intervened
                    outcome: review
                    when: {guardrail: intervened}
                  - id: long
                    category: verbose
                    outcome: review
                    when: {all: [{tokens: {output: {gt: 15}}}, {requestMetadata: {env: prod}}]}
                """);
        assertEquals(List.of("guardrail-intervened"), p.judge(Interactions.of("1", "x", Map.of(),
                "guardrail_intervened", null)).categories());
        assertEquals(List.of("guardrail-intervened"), p.judge(Interactions.of("2", "x", Map.of(), "end_turn",
                "INTERVENED")).categories());
        assertEquals(List.of("verbose"), p.judge(Interactions.of("3", "x", Map.of("env", "prod"), null, null))
                .categories());
        assertEquals(Decision.NONE, p.judge(Interactions.of("4", "x", Map.of("env", "dev"), null, null)).decision());
    }

    @Test
    void highStakesRoute_isAlwaysReviewed() {
        Policy p = policy("""
                  - id: never
                    category: c
                    outcome: page
                    when: {keywords: [zzz-never]}
                """);
        Judgement j = p.judge(Interactions.of("1", "hello", Map.of("route", "billing.refund.eu"), null, null));
        assertEquals(Decision.REVIEW, j.decision());
        assertEquals("high-stakes-route", j.selectionReason());
        assertEquals(1.0, j.inclusionProbability());
        assertEquals("billing.refund.eu", j.route());
    }

    @Test
    void pageOutranksReview_andSeverityMapsToLane() {
        Policy p = policy("""
                  - id: r
                    category: a
                    outcome: review
                    when: {keywords: [hello]}
                  - id: p
                    category: b
                    outcome: page
                    when: {keywords: [world]}
                """);
        Judgement j = p.judge(Interactions.output("1", "hello world"));
        assertEquals(Decision.PAGE, j.decision());
        assertEquals(Severity.PAGE, j.severity());
        assertEquals(List.of("a", "b"), j.categories());
        assertEquals(List.of("p", "r"), j.ruleIds());
    }

    @Test
    void maskedEvidence_neverStoresTheSecret() {
        Policy p = policy("""
                  - id: key
                    category: secret-leak
                    outcome: page
                    maskEvidence: true
                    when: {regex: {pattern: "AKIA[A-Z0-9]{16}", ignoreCase: false}}
                """);
        Evidence e = p.judge(Interactions.output("1", "key AKIAIOSFODNN7EXAMPLE here")).evidence().get(0);
        assertFalse(e.excerpt().contains("AKIAIOSFODNN7"));
        assertTrue(e.excerpt().endsWith("MPLE (20 chars, masked)"));
        assertEquals(4, e.start());
    }

    @Test
    void sampling_isDeterministic_andCloseToTheRate() {
        Policy p = PolicyLoader.load("""
                sampling:
                  salt: s1
                  defaultRate: 0.1
                  strata: [{route: "hot.*", rate: 0.5}]
                rules:
                  - id: ign
                    category: noise
                    outcome: ignore
                    when: {keywords: [healthcheck]}
                  - id: up
                    category: refusal
                    outcome: sample:0.9
                    when: {keywords: [cannot help]}
                """);
        int selected = 0;
        int hot = 0;
        int raised = 0;
        for (int i = 0; i < 20_000; i++) {
            String id = "rec-" + i;
            Judgement j = p.judge(Interactions.output(id, "hi"));
            assertEquals(j.decision(), p.judge(Interactions.output(id, "hi")).decision(), "replay decides the same");
            if (j.selected()) {
                selected++;
                assertEquals(0.1, j.inclusionProbability());
            }
            if (p.judge(Interactions.of(id, "hi", Map.of("route", "hot.path"), null, null)).selected()) {
                hot++;
            }
            if (p.judge(Interactions.output(id, "I cannot help")).selected()) {
                raised++;
            }
            assertFalse(p.judge(Interactions.output(id, "healthcheck ok")).selected(), "ignore rules suppress");
        }
        assertEquals(2000, selected, 150);
        assertEquals(10_000, hot, 300);
        assertEquals(18_000, raised, 300);
    }

    @Test
    void defaultPolicy_loads_andFlagsTheSampleRisks() {
        Policy p = PolicyLoader.loadDefault();
        assertTrue(p.version().startsWith("sha256:"));
        assertEquals(Decision.PAGE, p.judge(Interactions.output("1", "use AKIAQYLPMN5HFIQR7XB2")).decision());
        assertEquals(List.of("commitment"), p.judge(Interactions.output("2",
                "I have issued a full refund to your card.")).categories());
    }
}
