package dev.secondlook.core.policy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefaultPolicySuiteTest {

    private static final List<String> CATEGORIES = List.of("pii-exposure", "secret-leak", "system-prompt-leak",
            "guardrail-intervened", "policy-or-contract-claim", "commitment", "regulated-advice", "unsafe-content",
            "over-refusal");

    private static PolicyTestSuite suite() throws IOException {
        return PolicyTestSuite.parse(Files.readAllBytes(Path.of("../../policy/default-policy.tests.yaml")));
    }

    @Test
    void everyShippedCategory_hasTenPositivesAndTenNegatives() throws IOException {
        Map<String, int[]> per = suite().run(PolicyLoader.loadDefault()).perCategory();
        assertEquals(CATEGORIES.stream().sorted().toList(), per.keySet().stream().sorted().toList());
        per.forEach((category, counts) -> {
            assertTrue(counts[0] >= 10, category + " positives: " + counts[0]);
            assertTrue(counts[1] >= 10, category + " negatives: " + counts[1]);
        });
    }

    @Test
    void defaultPolicy_passesItsExamples() throws IOException {
        PolicyTestSuite.Report report = suite().run(PolicyLoader.loadDefault());
        String failures = report.failures().stream()
                .map(f -> f.example().label() + " -> judged " + f.judged())
                .collect(Collectors.joining("\n")) + report.holdFailures().stream()
                .map(f -> "\n" + f.example().label() + " -> " + f.decided())
                .collect(Collectors.joining());
        assertTrue(report.passed(), failures);
        assertTrue(report.holdExamples() >= 6, "the gate's holds have examples: " + report.holdExamples());
    }

    @Test
    void aBrokenPolicy_failsTheSuite() throws IOException {
        Policy empty = PolicyLoader.load("rules:\n  - {id: x, category: other, outcome: review, when: {keywords: [zz]}}\n");
        PolicyTestSuite.Report report = suite().run(empty);
        assertTrue(report.failures().size() >= 90, "every positive fails without the rules");
    }
}
