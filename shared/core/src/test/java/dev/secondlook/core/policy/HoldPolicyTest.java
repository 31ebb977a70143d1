package dev.secondlook.core.policy;

import dev.secondlook.core.model.Interaction;
import dev.secondlook.core.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HoldPolicyTest {

    private static final String RULES = """
            rules:
              - {id: promise, category: commitment, outcome: review, when: {keywords: [i promise you]}}
              - {id: card, category: pii-exposure, outcome: review, when: {detector: {types: [payment-card]}}}
            """;

    private static Policy policy(String hold) {
        return PolicyLoader.load(RULES + hold);
    }

    private static Interaction output(String text, String route) {
        return new Interaction("req-1", "test", new SourceRef("b", "k", null, null, 1), null, "Converse", "m",
                route == null ? Map.of() : Map.of("route", route), "", "", text, null, null, null, null, null, false);
    }

    private static HoldPolicy.Decision decide(Policy p, String text, String route) {
        return p.hold().decide(p.judge(output(text, route)));
    }

    @Test
    void categoriesAndRoutes_hold_andEverythingElseIsDelivered() {
        Policy p = policy("""
                hold:
                  categories: [commitment]
                  routes: ["billing/refund*"]
                """);
        HoldPolicy.Decision promise = decide(p, "I promise you a refund.", "support");
        assertTrue(promise.hold());
        assertEquals(List.of("commitment"), promise.reasons());
        assertEquals(List.of("route"), decide(p, "Your refund is on its way.", "billing/refund/eu").reasons());
        assertFalse(decide(p, "Card 4111 1111 1111 1111 on file.", "support").hold(), "reviewed later, not held");
        assertFalse(decide(p, "Hello.", "billing/invoices").hold());
    }

    @Test
    void termsComeFromTheFirstMatchingRoute_elseTheDefaults() {
        Policy p = policy("""
                hold:
                  categories: [commitment]
                  timeoutSeconds: 600
                  onTimeout: deliver
                  fallback: "Please hold on."
                  byRoute:
                    - {route: "billing.*", timeoutSeconds: 60, onTimeout: block}
                    - {route: "billing.eu", timeoutSeconds: 5}
                """);
        HoldPolicy.Terms billing = p.hold().termsFor("billing.eu");
        assertEquals(Duration.ofSeconds(60), billing.timeout());
        assertEquals(HoldPolicy.OnTimeout.BLOCK, billing.onTimeout());
        assertEquals("Please hold on.", billing.fallback(), "a key left out keeps the default");
        HoldPolicy.Terms other = p.hold().termsFor("support");
        assertEquals(Duration.ofSeconds(600), other.timeout());
        assertEquals(HoldPolicy.OnTimeout.DELIVER, other.onTimeout());
    }

    @Test
    void aPolicyWithoutAHoldSection_holdsNothing_onDefaultTerms() {
        Policy p = PolicyLoader.load(RULES);
        assertTrue(p.hold().holdsNothing());
        assertFalse(decide(p, "I promise you a refund.", null).hold());
        assertEquals(HoldPolicy.OnTimeout.BLOCK, p.hold().termsFor("").onTimeout());
        assertFalse(p.hold().termsFor("").fallback().isBlank());
    }

    @Test
    void theHoldSection_isPartOfThePolicyVersion() {
        assertFalse(policy("hold: {categories: [commitment]}\n").version()
                .equals(policy("hold: {categories: [pii-exposure]}\n").version()));
    }

    @Test
    void malformedHolds_failTheLoad_namingTheKey() {
        assertTrue(failure("hold: {categories: commitment}\n").contains("hold.categories must be a list"));
        assertTrue(failure("hold: {timeoutSeconds: 0}\n").contains("hold.timeoutSeconds must be a whole number"));
        assertTrue(failure("hold: {timeoutSeconds: 86401}\n").contains("within 1..86400"));
        assertTrue(failure("hold: {onTimeout: maybe}\n").contains("onTimeout must be block or deliver"));
        assertTrue(failure("hold: {fallback: \"\"}\n").contains("hold.fallback must be a message"));
        assertTrue(failure("hold: {byRoute: [{timeoutSeconds: 5}]}\n").contains("every entry needs a route"));
        assertTrue(failure("hold: {byRoute: [{route: a, wait: 5}]}\n").contains("unknown key 'wait'"));
        assertTrue(failure("hold: {categorys: [x]}\n").contains("unknown key 'categorys'"));
    }

    private static String failure(String hold) {
        return assertThrows(PolicyException.class, () -> policy(hold)).getMessage();
    }

    @Test
    void holdExamples_runInTheSuite_andAMismatchIsReported() {
        Policy p = policy("hold: {categories: [commitment], timeoutSeconds: 120}\n");
        PolicyTestSuite suite = PolicyTestSuite.parse("""
                cases: []
                holds:
                  - {output: "I promise you a refund.", expect: hold, timeoutSeconds: 120, onTimeout: block}
                  - {output: "Hello.", expect: deliver}
                  - {output: "Hello again.", expect: hold, note: "wrong on purpose"}
                  - {output: "I promise you a refund.", expect: hold, timeoutSeconds: 60}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        PolicyTestSuite.Report report = suite.run(p);
        assertEquals(4, report.holdExamples());
        assertEquals(List.of(3, 4), report.holdFailures().stream().map(f -> f.example().index()).toList());
        assertFalse(report.passed());
    }
}
